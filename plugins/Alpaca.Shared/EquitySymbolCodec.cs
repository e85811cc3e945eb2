using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Equity symbols: an upper-case ticker of letters and digits, with at most one share-class separator
/// (<c>BRK.B</c>, <c>BF-B</c>). One form for data and trading, so the broker form is the canonical one.
/// </summary>
public sealed class EquitySymbolCodec : ISymbolCodec
{
    public Market Market => Market.Equity;

    public SymbolResult Canonicalize(string? raw)
    {
        var s = SymbolText.Check(raw, out var error);
        if (s is null) return SymbolResult.Rejected(error!);
        s = s.ToUpperInvariant();

        var sep = s.IndexOfAny(['.', '-']);
        var ok = sep < 0
            ? SymbolText.IsAlphanumeric(s)
            : SymbolText.IsAlphanumeric(s.AsSpan(0, sep)) && SymbolText.IsAlphanumeric(s.AsSpan(sep + 1));
        return ok
            ? SymbolResult.Ok(s)
            : SymbolResult.Rejected($"equity symbol '{s}' must be letters and digits with at most one '.' or '-' class separator (e.g. AAPL, BRK.B)");
    }

    public string ToBrokerForm(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        return canonical;
    }
}
