namespace Torghut.Host.Universe.Symbols;

/// <summary>One managed symbol, as Jangar's <c>torghut_symbols</c> row: the symbol alone is the key.</summary>
public sealed record SymbolRecord(string Symbol, string AssetClass, bool Enabled, DateTimeOffset UpdatedAt);

public static class AssetClasses
{
    public const string Crypto = "crypto";
    public const string Equity = "equity";

    /// <summary>The API's rule: absent or empty means equity (as Jangar), otherwise crypto or equity, nothing else.</summary>
    public static bool TryParse(string? value, out string assetClass)
    {
        var v = value?.Trim();
        assetClass = string.IsNullOrEmpty(v) || string.Equals(v, Equity, StringComparison.OrdinalIgnoreCase) ? Equity
            : string.Equals(v, Crypto, StringComparison.OrdinalIgnoreCase) ? Crypto : "";
        return assetClass.Length > 0;
    }
}
