using Torghut.AlpacaStream;
using Torghut.Abstractions;

namespace Alpaca.Simulator.Market;

public enum AssetClass
{
    Crypto,
    Equity,
}

/// <summary>A bar as published (minute bars, updated bars, daily bars, REST aggregates).</summary>
/// <param name="Symbol">Symbol, e.g. <c>BTC/USD</c> or <c>AAPL</c>.</param>
/// <param name="Time">Bar start.</param>
public sealed record SimBar(
    string Symbol,
    NanoTimestamp Time,
    decimal Open,
    decimal High,
    decimal Low,
    decimal Close,
    decimal Volume,
    long TradeCount,
    decimal Vwap);

/// <summary>The data kinds a stream publishes; the letter is the Alpaca <c>T</c>.</summary>
internal enum EventKind : byte
{
    Trade,
    Quote,
    Bar,
    UpdatedBar,
    DailyBar,
    /// <summary>A stock trade's cancel/error (<c>x</c>): sent to clients subscribed to the symbol's trades.</summary>
    Cancel,
}

internal static class EventKinds
{
    public static ChannelMask Mask(EventKind kind) => kind switch
    {
        EventKind.Trade => ChannelMask.Trades,
        EventKind.Quote => ChannelMask.Quotes,
        EventKind.Bar => ChannelMask.Bars,
        EventKind.UpdatedBar => ChannelMask.UpdatedBars,
        EventKind.Cancel => ChannelMask.Trades,
        _ => ChannelMask.DailyBars,
    };

    public static string Channel(EventKind kind) => kind switch
    {
        EventKind.Trade => "trades",
        EventKind.Quote => "quotes",
        EventKind.Bar => "bars",
        EventKind.UpdatedBar => "updatedBars",
        EventKind.Cancel => "cancelErrors",
        _ => "dailyBars",
    };

    public static string Letter(EventKind kind) => kind switch
    {
        EventKind.Trade => "t",
        EventKind.Quote => "q",
        EventKind.Bar => "b",
        EventKind.UpdatedBar => "u",
        EventKind.Cancel => "x",
        _ => "d",
    };
}

/// <summary>
/// One message of the deterministic market. Immutable after construction except the lazily cached encodings,
/// which are shared by every session (encode once, send many: the send path only copies bytes).
/// </summary>
internal sealed class SimEvent
{
    public required EventKind Kind { get; init; }
    public required string Symbol { get; init; }
    public required AssetClass Class { get; init; }
    /// <summary>Sim-clock instant at which the venue publishes it.</summary>
    public required long PublishNanos { get; init; }
    /// <summary>The message's own <c>t</c>.</summary>
    public required long TimeNanos { get; init; }

    // trade
    public long TradeId { get; init; }
    public decimal Price { get; init; }
    public decimal Size { get; init; }
    public char Side { get; init; }      // crypto taker side B/S
    public char Exchange { get; init; }  // equity exchange code
    public char Tape { get; init; }
    /// <summary>A cancel's trade: its own <c>t</c> (the cancel's <see cref="TimeNanos"/>: when it was issued).
    /// </summary>
    public long CancelledTradeNanos { get; init; }

    // quote
    public decimal BidPrice { get; init; }
    public decimal BidSize { get; init; }
    public decimal AskPrice { get; init; }
    public decimal AskSize { get; init; }
    public char BidExchange { get; init; }
    public char AskExchange { get; init; }

    // bars
    public SimBar? Bar { get; init; }

    /// <summary>Ground-truth counter of (symbol, channel), resolved once when the event is scheduled.</summary>
    public TruthCounter? Counter { get; set; }

    /// <summary>A copy stamped at another time (fault injection: an item outside the requested range).</summary>
    public SimEvent WithTime(long timeNanos) => new()
    {
        Kind = Kind, Symbol = Symbol, Class = Class, PublishNanos = PublishNanos, TimeNanos = timeNanos,
        TradeId = TradeId, Price = Price, Size = Size, Side = Side, Exchange = Exchange, Tape = Tape,
        BidPrice = BidPrice, BidSize = BidSize, AskPrice = AskPrice, AskSize = AskSize, BidExchange = BidExchange, AskExchange = AskExchange,
        Bar = Bar,
    };

    private byte[]? _json;
    private byte[]? _msgpack;

    public byte[] Json => _json ??= Serialization.EventEncoder.ToJson(this);

    public byte[] MsgPack => _msgpack ??= Serialization.EventEncoder.ToMsgPack(this);
}
