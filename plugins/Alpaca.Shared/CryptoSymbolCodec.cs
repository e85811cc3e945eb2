using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Crypto symbols: canonical <c>BASE/QUOTE</c> upper-case (what Alpaca market data validates as
/// <c>^[A-Z]+/[A-Z]+$</c>); accepts the no-slash broker form (<c>BTCUSD</c>, used by the positions API) when it ends
/// in a known quote currency.
/// </summary>
public sealed class CryptoSymbolCodec : ISymbolCodec
{
    // Longest first, so BTCUSDT splits as BTC/USDT rather than BTCUSDT → "BTCUSD" + "T".
    private static readonly string[] KnownQuotes =
        new[] { "USDT", "USDC", "USDG", "USD", "BTC", "ETH", "EUR", "GBP", "AUD", "CAD", "JPY", "CHF" }
            .OrderByDescending(q => q.Length).ToArray();

    public Market Market => Market.Crypto;

    public SymbolResult Canonicalize(string? raw)
    {
        var s = SymbolText.Check(raw, out var error);
        if (s is null) return SymbolResult.Rejected(error!);
        s = s.ToUpperInvariant();

        var slash = s.IndexOf('/');
        if (slash >= 0)
        {
            var basepart = s.AsSpan(0, slash);
            var quote = s.AsSpan(slash + 1);
            if (!SymbolText.IsAlphanumeric(basepart) || !SymbolText.IsAlphanumeric(quote))
                return SymbolResult.Rejected($"crypto symbol '{s}' must be BASE/QUOTE with letters and digits only on each side");
            return SymbolResult.Ok(s);
        }

        if (!SymbolText.IsAlphanumeric(s))
            return SymbolResult.Rejected($"crypto symbol '{s}' must be BASE/QUOTE (e.g. BTC/USD) or BASEQUOTE (e.g. BTCUSD)");
        foreach (var q in KnownQuotes)
            if (s.Length > q.Length && s.EndsWith(q, StringComparison.Ordinal))
                return SymbolResult.Ok(string.Concat(s.AsSpan(0, s.Length - q.Length), "/", q));
        return SymbolResult.Rejected($"crypto symbol '{s}' has no '/' and does not end in a known quote currency ({string.Join(", ", KnownQuotes)})");
    }

    /// <summary>Alpaca's trading/positions API spells pairs without the slash.</summary>
    public string ToBrokerForm(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        return canonical.Replace("/", "", StringComparison.Ordinal);
    }
}
