namespace Torghut.Abstractions;

/// <summary>The outcome of validating a symbol: the canonical form, or why it was rejected.</summary>
public readonly record struct SymbolResult
{
    private SymbolResult(string? symbol, string? error) { Symbol = symbol; Error = error; }

    /// <summary>The canonical symbol when valid.</summary>
    public string? Symbol { get; }

    /// <summary>Why the input was rejected, when invalid.</summary>
    public string? Error { get; }

    /// <summary>True when <see cref="Symbol"/> holds the canonical form.</summary>
    public bool IsValid => Symbol is not null;

    /// <summary>A valid result.</summary>
    public static SymbolResult Ok(string symbol) => new(symbol, null);

    /// <summary>A rejection with a reason.</summary>
    public static SymbolResult Rejected(string reason) => new(null, reason);
}

/// <summary>Validates and canonicalizes symbols for one market, and converts to and from the venue's other forms.</summary>
public interface ISymbolCodec
{
    /// <summary>The market whose symbols this codec handles.</summary>
    Market Market { get; }

    /// <summary>
    /// Validates <paramref name="raw"/> and returns its canonical form (e.g. crypto <c>btc/usd</c> →
    /// <c>BTC/USD</c>), or a reason it was rejected.
    /// </summary>
    SymbolResult Canonicalize(string? raw);

    /// <summary>
    /// The form the venue's trading/positions API uses for a canonical symbol (Alpaca positions: <c>BTCUSD</c>).
    /// Equal to the canonical form when the venue has only one.
    /// </summary>
    string ToBrokerForm(string canonical);
}
