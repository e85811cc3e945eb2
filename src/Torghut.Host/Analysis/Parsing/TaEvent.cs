using Torghut.Abstractions;

namespace Torghut.Host.Analysis.Parsing;

/// <summary>What an envelope turned into on the TA side.</summary>
public enum TaEventKind { None, Trade, Quote, Bar1m, TradeCancel, TradeCorrection }

/// <summary>Which bars-topic channel a 1 m bar came from (live, a revision, or a REST backfill copy).</summary>
public enum BarChannel { Bars, UpdatedBars }

/// <summary>
/// One parsed input event. A mutable struct reused by the caller so parsing allocates nothing per message: only the
/// fields of <see cref="Kind"/> are meaningful. <see cref="Symbol"/> is an interned string (see
/// <see cref="SymbolTable"/>), <see cref="Time"/> is the payload <c>t</c> (trade/quote time, 1 m bar START).
/// </summary>
public struct TaEvent
{
    public TaEventKind Kind;
    public string Symbol;
    public NanoTimestamp Time;
    /// <summary>Trade price / size; of a cancel or correction, the original trade's (<c>p,s</c> / <c>op,os</c>).
    /// </summary>
    public double Price, Size;
    /// <summary>
    /// Venue identity of a trade, or of the trade a cancel/correction refers to: trade id (<c>i</c> / <c>oi</c>) and
    /// exchange code (<c>x</c>, see <see cref="ExchangeCode"/>); <see cref="HasTradeId"/> false: the payload has no id.
    /// </summary>
    public long TradeId, Exchange;
    public bool HasTradeId;
    /// <summary>A correction's new id, price and size (<c>ci,cp,cs</c>).</summary>
    public long CorrectedId;
    public double CorrectedPrice, CorrectedSize;
    /// <summary>REST history's trade state (<c>u</c>): true for <c>canceled</c> and <c>incorrect</c> (no longer a
    /// trade).</summary>
    public bool Withdrawn;
    /// <summary>Quote bid/ask price and size.</summary>
    public double BidPx, BidSz, AskPx, AskSz;
    /// <summary>1 m bar fields; <see cref="Vwap"/> and <see cref="TradeCount"/> are optional upstream.</summary>
    public double Open, High, Low, Close, Volume;
    public double? Vwap;
    public long? TradeCount;
    public bool IsFinal;
    public BarChannel Channel;
    /// <summary>Envelope <c>source</c>: <c>ws</c>, <c>rest</c> (interned), or whatever else was sent.</summary>
    public string Source;
}

/// <summary>
/// An exchange code (<c>x</c>, one letter on every Alpaca feed) packed into a long so identifying a trade allocates
/// nothing: up to 8 bytes verbatim, longer codes hashed. 0: no exchange.
/// </summary>
public static class ExchangeCode
{
    public static long Pack(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return 0;
        ulong v = 0;
        if (utf8.Length <= 8)
        {
            foreach (var b in utf8) v = (v << 8) | b;
            return (long)v;
        }
        v = 14695981039346656037;
        foreach (var b in utf8) v = (v ^ b) * 1099511628211;
        return (long)(v | 1UL << 63); // never equal to a packed short code (their top byte is ASCII)
    }
}
