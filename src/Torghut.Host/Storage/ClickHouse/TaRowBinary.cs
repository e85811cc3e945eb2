using Torghut.Abstractions;
using Torghut.Host.Analysis;

namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// Encodes TA rows in the column order of <see cref="ClickHouseSchema"/>. Timestamps are truncated (floored) to
/// milliseconds: ClickHouse keeps DateTime64(3), so a 9-digit venue time loses its last 6 digits here.
/// </summary>
public static class TaRowBinary
{
    public static string CadenceWindowSize(Cadence cadence) => cadence == Cadence.OneMinute ? "PT1M" : "PT1S";

    public static void Write(RowBinaryBuffer b, TaMicrobar bar)
    {
        Shared(b, bar.Symbol, bar.EventTs, bar.Seq, bar.IngestTs, bar.IsFinal, bar.Source, bar.Window, bar.Version);
        b.Float64(bar.Open);
        b.Float64(bar.High);
        b.Float64(bar.Low);
        b.Float64(bar.Close);
        b.Float64(bar.Volume);
        b.NullableFloat64(bar.Vwap);
        b.UInt64((ulong)bar.Count);
    }

    public static void Write(RowBinaryBuffer b, TaSignal s)
    {
        Shared(b, s.Symbol, s.EventTs, s.Seq, s.IngestTs, s.IsFinal, s.Source, s.Window, s.Version);
        b.NullableFloat64(s.Macd?.Macd);
        b.NullableFloat64(s.Macd?.Signal);
        b.NullableFloat64(s.Macd?.Hist);
        b.NullableFloat64(s.Ema?.Ema12);
        b.NullableFloat64(s.Ema?.Ema26);
        b.NullableFloat64(s.Rsi14);
        b.NullableFloat64(s.Boll?.Mid);
        b.NullableFloat64(s.Boll?.Upper);
        b.NullableFloat64(s.Boll?.Lower);
        b.NullableFloat64(s.Vwap?.Session);
        b.NullableFloat64(s.Vwap?.W5m);
        b.NullableFloat64(s.Imbalance?.Spread);
        b.NullableFloat64(s.Imbalance?.BidPx);
        b.NullableFloat64(s.Imbalance?.AskPx);
        b.NullableFloat64(s.Imbalance?.BidSz);
        b.NullableFloat64(s.Imbalance?.AskSz);
        b.NullableFloat64(s.VolRealizedW60s);
    }

    private static void Shared(RowBinaryBuffer b, string symbol, NanoTimestamp eventTs, long seq, NanoTimestamp ingestTs,
        bool isFinal, string source, TaWindow window, int version)
    {
        b.String(symbol);
        b.EpochMs(eventTs.UnixMilliseconds);
        b.UInt64((ulong)seq);
        b.EpochMs(ingestTs.UnixMilliseconds);
        b.Bool(isFinal);
        b.String(source);
        b.String(window.Size);
        b.NullableString(window.Step);
        b.NullableEpochMs(window.Start?.UnixMilliseconds);
        b.NullableEpochMs(window.End?.UnixMilliseconds);
        b.UInt32((uint)version);
    }
}
