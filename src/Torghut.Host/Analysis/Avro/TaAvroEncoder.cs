using System.Buffers;
using System.Buffers.Binary;
using Torghut.Abstractions;
using static Torghut.Host.Analysis.Avro.AvroBinary;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis.Avro;

/// <summary>
/// Encodes TA records as Avro binary in exactly the field order of the embedded schemas (§6.5) — a hand-written
/// encoder rather than GenericRecord because it runs once per bar/signal on the hot path and allocates nothing.
/// Plain Avro by default (upstream without a registry); with a schema id, Confluent framing: magic byte 0, the id as
/// 4 bytes big-endian, then the body (what the registry-aware serializer produced). Timestamps are ISO strings.
/// </summary>
public static class TaAvroEncoder
{
    private const string TaFeedSymbol = "ta";

    /// <summary><c>torghut.ta.TaBar1s</c>.</summary>
    public static void Write(IBufferWriter<byte> w, TaMicrobar bar, int? schemaId = null)
    {
        Frame(w, schemaId);
        Header(w, bar.IngestTs, bar.EventTs, bar.Symbol, bar.Seq, bar.IsFinal, bar.Source, bar.Window);
        Double(w, bar.Open);
        Double(w, bar.High);
        Double(w, bar.Low);
        Double(w, bar.Close);
        Double(w, bar.Volume);
        NullableDouble(w, bar.Vwap);
        Long(w, bar.Count);
        Version(w, bar.Version);
    }

    /// <summary><c>torghut.ta.TaSignal</c>.</summary>
    public static void Write(IBufferWriter<byte> w, TaSignal s, int? schemaId = null)
    {
        Frame(w, schemaId);
        Header(w, s.IngestTs, s.EventTs, s.Symbol, s.Seq, s.IsFinal, s.Source, s.Window);
        if (s.Macd is { } m) { Branch(w, 1); Double(w, m.Macd); Double(w, m.Signal); Double(w, m.Hist); } else Null(w);
        if (s.Ema is { } e) { Branch(w, 1); Double(w, e.Ema12); Double(w, e.Ema26); } else Null(w);
        NullableDouble(w, s.Rsi14);
        if (s.Boll is { } b) { Branch(w, 1); Double(w, b.Mid); Double(w, b.Upper); Double(w, b.Lower); } else Null(w);
        if (s.Vwap is { } v) { Branch(w, 1); Double(w, v.Session); NullableDouble(w, v.W5m); } else Null(w);
        if (s.Imbalance is { } i)
        {
            Branch(w, 1);
            Double(w, i.Spread); Double(w, i.BidPx); Double(w, i.AskPx); Double(w, i.BidSz); Double(w, i.AskSz);
        }
        else Null(w);
        if (s.VolRealizedW60s is { } rv) { Branch(w, 1); Double(w, rv); } else Null(w);
        Version(w, s.Version);
    }

    /// <summary>
    /// <c>torghut.ta.TaStatus</c> with upstream's heartbeat envelope: event_ts = ingest_ts = now, symbol "ta",
    /// source "ta", no window.
    /// </summary>
    public static void Write(IBufferWriter<byte> w, TaStatus status, int? schemaId = null)
    {
        Frame(w, schemaId);
        Timestamp(w, status.IngestTs);
        Timestamp(w, status.IngestTs);
        String(w, TaFeedSymbol);
        Long(w, status.Seq);
        Branch(w, 1); Boolean(w, true);
        NullableString(w, TaFeedSymbol);
        Null(w); // window
        if (status.WatermarkLagMs is { } lag) { Branch(w, 1); Long(w, lag); } else Null(w);
        NullableTimestamp(w, status.LastEventTs);
        String(w, status.Status);
        Branch(w, 1); Boolean(w, status.Heartbeat);
        Version(w, status.Version);
    }

    /// <summary>Convenience: one record as a new array (tests, tools). Hot paths pass a reused buffer writer.</summary>
    public static byte[] ToArray(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Frame(IBufferWriter<byte> w, int? schemaId)
    {
        if (schemaId is not { } id) return;
        var span = w.GetSpan(5);
        span[0] = 0;
        BinaryPrimitives.WriteInt32BigEndian(span[1..], id);
        w.Advance(5);
    }

    private static void Header(IBufferWriter<byte> w, NanoTimestamp ingestTs, NanoTimestamp eventTs, string symbol, long seq, bool isFinal, string source, TaWindow window)
    {
        Timestamp(w, ingestTs);
        Timestamp(w, eventTs);
        String(w, symbol);
        Long(w, seq);
        Branch(w, 1); Boolean(w, isFinal);
        NullableString(w, source);
        Branch(w, 1);
        String(w, window.Size);
        NullableString(w, window.Step);
        NullableTimestamp(w, window.Start);
        NullableTimestamp(w, window.End);
    }

    /// <summary><c>["int", "null"]</c>: the int is branch 0.</summary>
    private static void Version(IBufferWriter<byte> w, int version)
    {
        Branch(w, 0);
        Int(w, version);
    }
}
