namespace Torghut.Abstractions;

/// <summary>One trade. Sizes are doubles: crypto sizes are fractional.</summary>
/// <param name="Symbol">Canonical symbol, e.g. <c>BTC/USD</c> or <c>AAPL</c>.</param>
/// <param name="Price">Trade price.</param>
/// <param name="Size">Trade size (fractional for crypto).</param>
/// <param name="Timestamp">Venue event time, nanosecond precision.</param>
/// <param name="TradeId">Venue trade id, when sent.</param>
/// <param name="Exchange">Exchange code (equity <c>x</c>), when sent.</param>
/// <param name="Conditions">Condition codes (equity <c>c</c>), when sent.</param>
/// <param name="Tape">Tape (equity <c>z</c>), when sent.</param>
/// <param name="TakerSide">Taker side (crypto <c>tks</c>: <c>B</c>, <c>S</c> or <c>-</c>), when sent.</param>
public readonly record struct Trade(
    string Symbol,
    double Price,
    double Size,
    NanoTimestamp Timestamp,
    long? TradeId = null,
    string? Exchange = null,
    IReadOnlyList<string>? Conditions = null,
    string? Tape = null,
    string? TakerSide = null)
{
    /// <summary>
    /// The trade's state in venue history (Alpaca REST <c>u</c>: <c>canceled</c>, <c>corrected</c>, <c>incorrect</c>),
    /// null for a live trade or one never revised. A <c>canceled</c> or <c>incorrect</c> trade is no longer a trade:
    /// consumers leave it out of bars. Since 1.3 (an init property, so the 1.0 constructor is unchanged).
    /// </summary>
    public string? Update { get; init; }
}

/// <summary>One top-of-book quote. Sizes are doubles.</summary>
/// <param name="Symbol">Canonical symbol.</param>
/// <param name="BidPrice">Best bid price.</param>
/// <param name="BidSize">Best bid size.</param>
/// <param name="AskPrice">Best ask price.</param>
/// <param name="AskSize">Best ask size.</param>
/// <param name="Timestamp">Venue event time.</param>
/// <param name="BidExchange">Bid exchange (equity <c>bx</c>).</param>
/// <param name="AskExchange">Ask exchange (equity <c>ax</c>).</param>
/// <param name="Conditions">Condition codes (equity <c>c</c>; a scalar is wrapped into one element).</param>
/// <param name="Tape">Tape (equity <c>z</c>).</param>
public readonly record struct Quote(
    string Symbol,
    double BidPrice,
    double BidSize,
    double AskPrice,
    double AskSize,
    NanoTimestamp Timestamp,
    string? BidExchange = null,
    string? AskExchange = null,
    IReadOnlyList<string>? Conditions = null,
    string? Tape = null);

/// <summary>Which bar stream a bar came from.</summary>
public enum BarKind
{
    /// <summary>A bar published at the close of its interval (Alpaca <c>b</c>).</summary>
    Minute,
    /// <summary>A correction of an already-published bar after late trades (Alpaca <c>u</c>). Not final.</summary>
    Updated,
    /// <summary>A running daily bar (Alpaca <c>d</c>).</summary>
    Daily,
    /// <summary>A bar from a historical (REST) request.</summary>
    Historical,
}

/// <summary>One OHLCV bar. <see cref="Timestamp"/> is the interval start. Volume is a double.</summary>
/// <param name="Symbol">Canonical symbol.</param>
/// <param name="Open">Open.</param>
/// <param name="High">High.</param>
/// <param name="Low">Low.</param>
/// <param name="Close">Close.</param>
/// <param name="Volume">Volume (fractional for crypto; 0 for a crypto minute without trades).</param>
/// <param name="Timestamp">Interval start.</param>
/// <param name="Kind">Live, updated, daily or historical.</param>
/// <param name="Vwap">Volume-weighted average price, when sent.</param>
/// <param name="TradeCount">Number of trades, when sent.</param>
public readonly record struct Bar(
    string Symbol,
    double Open,
    double High,
    double Low,
    double Close,
    double Volume,
    NanoTimestamp Timestamp,
    BarKind Kind = BarKind.Minute,
    double? Vwap = null,
    long? TradeCount = null);

/// <summary>A trading-status change (halt, resumption…) of an equity.</summary>
/// <param name="Symbol">Canonical symbol.</param>
/// <param name="Timestamp">Venue event time.</param>
/// <param name="StatusCode">Status code (Alpaca <c>sc</c>).</param>
/// <param name="StatusMessage">Status message (Alpaca <c>sm</c>).</param>
/// <param name="ReasonCode">Reason code (Alpaca <c>rc</c>).</param>
/// <param name="ReasonMessage">Reason message (Alpaca <c>rm</c>).</param>
/// <param name="Tape">Tape (Alpaca <c>z</c>).</param>
public readonly record struct TradingStatus(
    string Symbol,
    NanoTimestamp Timestamp,
    string? StatusCode,
    string? StatusMessage,
    string? ReasonCode,
    string? ReasonMessage,
    string? Tape = null);

/// <summary>One price level of an order book. A size of 0 removes the level.</summary>
/// <param name="Price">Level price.</param>
/// <param name="Size">Level size; 0 removes it.</param>
public readonly record struct PriceLevel(double Price, double Size);

/// <summary>An order-book update (crypto L2). <see cref="Reset"/> means a full snapshot: drop the local book first.</summary>
/// <param name="Symbol">Canonical symbol.</param>
/// <param name="Timestamp">Venue event time.</param>
/// <param name="Bids">Changed bid levels.</param>
/// <param name="Asks">Changed ask levels.</param>
/// <param name="Reset">True for a full snapshot.</param>
public readonly record struct OrderBookUpdate(
    string Symbol,
    NanoTimestamp Timestamp,
    IReadOnlyList<PriceLevel> Bids,
    IReadOnlyList<PriceLevel> Asks,
    bool Reset);

/// <summary>A correction of an earlier equity trade (Alpaca <c>c</c>): the original trade's fields and what they became.</summary>
/// <param name="Symbol">Canonical symbol.</param>
/// <param name="Timestamp">Venue event time of the correction.</param>
/// <param name="OriginalId">The corrected trade's id (Alpaca <c>oi</c>).</param>
/// <param name="OriginalPrice">Its price (<c>op</c>).</param>
/// <param name="OriginalSize">Its size (<c>os</c>).</param>
/// <param name="CorrectedId">The id of the trade as corrected (<c>ci</c>).</param>
/// <param name="CorrectedPrice">The corrected price (<c>cp</c>).</param>
/// <param name="CorrectedSize">The corrected size (<c>cs</c>).</param>
/// <param name="Exchange">Exchange code (<c>x</c>).</param>
/// <param name="OriginalConditions">The original conditions (<c>oc</c>).</param>
/// <param name="CorrectedConditions">The corrected conditions (<c>cc</c>).</param>
/// <param name="Tape">Tape (<c>z</c>).</param>
public readonly record struct TradeCorrection(
    string Symbol,
    NanoTimestamp Timestamp,
    long OriginalId,
    double OriginalPrice,
    double OriginalSize,
    long CorrectedId,
    double CorrectedPrice,
    double CorrectedSize,
    string? Exchange = null,
    IReadOnlyList<string>? OriginalConditions = null,
    IReadOnlyList<string>? CorrectedConditions = null,
    string? Tape = null);

/// <summary>A cancel or error notice for an earlier equity trade (Alpaca <c>x</c>).</summary>
/// <param name="Symbol">Canonical symbol.</param>
/// <param name="Timestamp">Venue event time of the notice.</param>
/// <param name="TradeId">The cancelled trade's id (<c>i</c>).</param>
/// <param name="Price">Its price (<c>p</c>).</param>
/// <param name="Size">Its size (<c>s</c>).</param>
/// <param name="Action">What happened to it (<c>a</c>): <c>C</c> cancel, <c>E</c> error.</param>
/// <param name="Exchange">Exchange code (<c>x</c>).</param>
/// <param name="Tape">Tape (<c>z</c>).</param>
public readonly record struct TradeCancel(
    string Symbol,
    NanoTimestamp Timestamp,
    long TradeId,
    double Price,
    double Size,
    string? Action = null,
    string? Exchange = null,
    string? Tape = null);

/// <summary>Limit up / limit down price bands of an equity (Alpaca <c>l</c>).</summary>
/// <param name="Symbol">Canonical symbol.</param>
/// <param name="Timestamp">Venue event time.</param>
/// <param name="LimitUp">Limit-up price (<c>u</c>).</param>
/// <param name="LimitDown">Limit-down price (<c>d</c>).</param>
/// <param name="Indicator">Indicator (<c>i</c>, a letter).</param>
/// <param name="Tape">Tape (<c>z</c>).</param>
public readonly record struct PriceBand(
    string Symbol,
    NanoTimestamp Timestamp,
    double LimitUp,
    double LimitDown,
    string? Indicator = null,
    string? Tape = null);

/// <summary>An order imbalance of an equity (Alpaca <c>i</c>).</summary>
/// <param name="Symbol">Canonical symbol.</param>
/// <param name="Timestamp">Venue event time.</param>
/// <param name="Price">Reference price (<c>p</c>).</param>
/// <param name="Tape">Tape (<c>z</c>).</param>
public readonly record struct OrderImbalance(
    string Symbol,
    NanoTimestamp Timestamp,
    double Price,
    string? Tape = null);
