using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;

namespace Torghut.Tests.Storage;

/// <summary>TA rows with awkward values: 9-digit timestamps, fractional sizes, null and present groups.</summary>
public static class TaRows
{
    /// <summary>2026-02-22T00:18:01.123456789Z — nine fractional digits, as venues send them.</summary>
    public static readonly NanoTimestamp Base = NanoTimestamp.Parse("2026-02-22T00:18:01.123456789Z");

    public static NanoTimestamp At(int second) => Base.AddNanoseconds(second * 1_000_000_000L);

    public static TaMicrobar Microbar(string symbol, int second, double close = 64000.5, NanoTimestamp? ingest = null, double? vwap = 64000.25) => new(
        symbol, At(second), Seq: second, IngestTs: ingest ?? At(second).AddNanoseconds(2_345_678), IsFinal: true, Source: "ws",
        new TaWindow("PT1S", "PT1S", At(second - 1), At(second)),
        Open: 64000.1, High: 64001.75, Low: 63999.125, Close: close, Volume: 0.5, Vwap: vwap, Count: 3);

    public static TaSignal FullSignal(string symbol, int second, Cadence cadence = Cadence.OneSecond, NanoTimestamp? ingest = null, double rsi = 55.5) => new(
        symbol, At(second), Seq: second + (cadence == Cadence.OneMinute ? 1_000_000 : 0), IngestTs: ingest ?? At(second).AddNanoseconds(3_000_001),
        IsFinal: second % 2 == 0, Source: "ta", new TaWindow(cadence == Cadence.OneMinute ? "PT1M" : "PT1S", null, null, At(second)), cadence,
        new MacdValues(1.25, -0.75, 2.0), new EmaValues(64000.123456789, 63999.987654321), rsi,
        new BollingerValues(64000, 64010.5, 63989.5), new VwapValues(64000.01, 64000.02),
        new ImbalanceValues(0.5, 63999.75, 64000.25, BidSz: 0.5, AskSz: 1.25), 0.000123, Version: 1);

    /// <summary>Warm-up signal: every group null.</summary>
    public static TaSignal EmptySignal(string symbol, int second) => new(
        symbol, At(second), Seq: second, IngestTs: At(second), IsFinal: false, Source: "ta",
        new TaWindow("PT1S", "PT1S", At(second - 1), At(second)), Cadence.OneSecond,
        null, null, null, null, new VwapValues(64000.5, null), null, null, Version: 2);

    /// <summary>ClickHouse keeps milliseconds: what a record reads back as (floor to ms).</summary>
    public static NanoTimestamp Ms(NanoTimestamp t) => new(t.UnixMilliseconds * 1_000_000L);

    public static TaWindow Ms(TaWindow w) => w with { Start = w.Start is { } s ? Ms(s) : null, End = w.End is { } e ? Ms(e) : null };

    public static TaMicrobar Ms(TaMicrobar b) => b with { EventTs = Ms(b.EventTs), IngestTs = Ms(b.IngestTs), Window = Ms(b.Window) };

    public static TaSignal Ms(TaSignal s) => s with { EventTs = Ms(s.EventTs), IngestTs = Ms(s.IngestTs), Window = Ms(s.Window) };
}
