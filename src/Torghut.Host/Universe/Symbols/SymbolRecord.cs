namespace Torghut.Host.Universe.Symbols;

/// <summary>One managed symbol, as Jangar's <c>torghut_symbols</c> row: the symbol alone is the key.</summary>
public sealed record SymbolRecord(string Symbol, string AssetClass, bool Enabled, DateTimeOffset UpdatedAt);

public static class AssetClasses
{
    public const string Crypto = "crypto";
    public const string Equity = "equity";

    /// <summary>Jangar's rule: <c>crypto</c> means crypto, anything else (or nothing) means equity.</summary>
    public static string Normalize(string? value) =>
        string.Equals(value?.Trim(), Crypto, StringComparison.OrdinalIgnoreCase) ? Crypto : Equity;
}
