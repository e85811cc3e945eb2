using Torghut.Abstractions;

namespace Torghut.Host.Storage;

/// <summary>The two bar cadences. They never share indicator history (an upstream defect mixed them).</summary>
public enum Cadence { OneSecond, OneMinute }

/// <summary>An aggregation window, as the envelope/Avro <c>window</c> record and the ClickHouse window_* columns carry it.</summary>
/// <param name="Size">ISO-8601 duration: <c>PT1S</c> or <c>PT1M</c>.</param>
/// <param name="Step">Step duration (same as size for tumbling windows).</param>
/// <param name="Start">Window start (inclusive).</param>
/// <param name="End">Window end (exclusive).</param>
public sealed record TaWindow(string Size, string? Step, NanoTimestamp? Start, NanoTimestamp? End);

/// <summary>
/// One bar as the TA outputs carry it (Avro <c>torghut.ta.TaBar1s</c>, ClickHouse <c>ta_microbars</c>). For 1 s
/// microbars <see cref="EventTs"/> is the window END (upstream); <see cref="Seq"/> is derived from the window, not a
/// counter, so a replay or a restarted worker writes the same sort key (symbol, event_ts, seq) and the store's
/// ReplacingMergeTree keeps one row.
/// </summary>
public sealed record TaMicrobar(
    string Symbol,
    NanoTimestamp EventTs,
    long Seq,
    NanoTimestamp IngestTs,
    bool IsFinal,
    string Source,
    TaWindow Window,
    double Open,
    double High,
    double Low,
    double Close,
    double Volume,
    double? Vwap,
    long Count,
    int Version = 1);

public sealed record MacdValues(double Macd, double Signal, double Hist);
public sealed record EmaValues(double Ema12, double Ema26);
public sealed record BollingerValues(double Mid, double Upper, double Lower);
public sealed record VwapValues(double Session, double? W5m);
/// <summary>Latest fresh quote. Sizes are doubles (upstream stored them as UInt64 and truncated 0.5 BTC to 0).</summary>
public sealed record ImbalanceValues(double Spread, double BidPx, double AskPx, double BidSz, double AskSz);

/// <summary>
/// One signal record per bar per cadence (Avro <c>torghut.ta.TaSignal</c>, ClickHouse <c>ta_signals</c>). A group is
/// null until it is defined (explicit warm-up); no value is ever NaN or infinite.
/// </summary>
public sealed record TaSignal(
    string Symbol,
    NanoTimestamp EventTs,
    long Seq,
    NanoTimestamp IngestTs,
    bool IsFinal,
    string Source,
    TaWindow Window,
    Cadence Cadence,
    MacdValues? Macd,
    EmaValues? Ema,
    double? Rsi14,
    BollingerValues? Boll,
    VwapValues? Vwap,
    ImbalanceValues? Imbalance,
    double? VolRealizedW60s,
    int Version = 1);

/// <summary>The TA heartbeat (Avro <c>torghut.ta.TaStatus</c>).</summary>
public sealed record TaStatus(NanoTimestamp IngestTs, long Seq, long? WatermarkLagMs, NanoTimestamp? LastEventTs, string Status, bool Heartbeat = true, int Version = 1);
