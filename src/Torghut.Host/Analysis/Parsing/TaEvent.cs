using Torghut.Abstractions;

namespace Torghut.Host.Analysis.Parsing;

/// <summary>What an envelope turned into on the TA side.</summary>
public enum TaEventKind { None, Trade, Quote, Bar1m }

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
    /// <summary>Trade price / size.</summary>
    public double Price, Size;
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
