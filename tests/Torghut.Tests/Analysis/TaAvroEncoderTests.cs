using Avro.Generic;
using Avro.IO;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Analysis.Avro;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

public sealed class TaAvroEncoderTests
{
    private static readonly NanoTimestamp Now = NanoTimestamp.Parse("2026-02-22T14:03:09.412518Z");
    private static readonly NanoTimestamp End = NanoTimestamp.Parse("2026-02-22T14:03:08Z");
    private static readonly TaWindow Window = new("PT1S", "PT1S", NanoTimestamp.Parse("2026-02-22T14:03:07Z"), End);

    private static GenericRecord Decode(byte[] bytes, global::Avro.Schema schema)
    {
        var reader = new GenericDatumReader<GenericRecord>(schema, schema);
        using var stream = new MemoryStream(bytes);
        var record = reader.Read(null!, new BinaryDecoder(stream));
        stream.Position.ShouldBe(bytes.Length); // every byte consumed: field order and unions line up
        return record;
    }

    private static void Header(GenericRecord r, string symbol, long seq, string source)
    {
        r["ingest_ts"].ShouldBe("2026-02-22T14:03:09.412518Z");
        r["event_ts"].ShouldBe("2026-02-22T14:03:08Z");
        r["symbol"].ShouldBe(symbol);
        r["seq"].ShouldBe(seq);
        r["is_final"].ShouldBe(true);
        r["source"].ShouldBe(source);
        var w = (GenericRecord)r["window"];
        (w["size"], w["step"], w["start"], w["end"]).ShouldBe(("PT1S", "PT1S", "2026-02-22T14:03:07Z", "2026-02-22T14:03:08Z"));
        r["version"].ShouldBe(1);
    }

    [Fact]
    public void Schemas_are_embedded_with_the_documented_field_order()
    {
        TaAvroSchemas.Bar1s.Fullname.ShouldBe("torghut.ta.TaBar1s");
        TaAvroSchemas.Signal.Fullname.ShouldBe("torghut.ta.TaSignal");
        TaAvroSchemas.Status.Fullname.ShouldBe("torghut.ta.TaStatus");
        ((global::Avro.RecordSchema)TaAvroSchemas.Bar1s).Fields.Select(f => f.Name).ShouldBe(
            ["ingest_ts", "event_ts", "symbol", "seq", "is_final", "source", "window", "o", "h", "l", "c", "v", "vwap", "count", "version"]);
        ((global::Avro.RecordSchema)TaAvroSchemas.Signal).Fields.Select(f => f.Name).ShouldBe(
            ["ingest_ts", "event_ts", "symbol", "seq", "is_final", "source", "window", "macd", "ema", "rsi14", "boll", "vwap", "imbalance", "vol_realized", "version"]);
        ((global::Avro.RecordSchema)TaAvroSchemas.Status).Fields.Select(f => f.Name).ShouldBe(
            ["ingest_ts", "event_ts", "symbol", "seq", "is_final", "source", "window", "watermark_lag_ms", "last_event_ts", "status", "heartbeat", "version"]);
    }

    [Fact]
    public void Microbar_round_trips_through_the_apache_reader()
    {
        var bar = new TaMicrobar("BTC/USD", End, 1771769, Now, true, "ta", Window, 1.5, 2.5, 0.5, 2, 0.00421, 1.75, 4);
        var r = Decode(TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, bar)), TaAvroSchemas.Bar1s);
        Header(r, "BTC/USD", 1771769, "ta");
        (r["o"], r["h"], r["l"], r["c"], r["v"], r["vwap"], r["count"]).ShouldBe((1.5, 2.5, 0.5, 2.0, 0.00421, 1.75, 4L));

        var noVwap = Decode(TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, bar with { Vwap = null })), TaAvroSchemas.Bar1s);
        noVwap["vwap"].ShouldBeNull();
    }

    [Fact]
    public void Signal_round_trips_with_every_group_set_and_with_every_group_null()
    {
        var full = new TaSignal("ETH/USD", End, -5, Now, true, "ta", Window, Cadence.OneSecond, new MacdValues(0.1, 0.2, -0.1),
            new EmaValues(10, 11), 55.5, new BollingerValues(10, 12, 8), new VwapValues(10.5, 10.25), new ImbalanceValues(0.84, 1973.12, 1973.96, 2.5755, 1.27105), 0.0012);
        var r = Decode(TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, full)), TaAvroSchemas.Signal);
        Header(r, "ETH/USD", -5, "ta");
        var macd = (GenericRecord)r["macd"];
        (macd["macd"], macd["signal"], macd["hist"]).ShouldBe((0.1, 0.2, -0.1));
        var ema = (GenericRecord)r["ema"];
        (ema["ema12"], ema["ema26"]).ShouldBe((10.0, 11.0));
        r["rsi14"].ShouldBe(55.5);
        var boll = (GenericRecord)r["boll"];
        (boll["mid"], boll["upper"], boll["lower"]).ShouldBe((10.0, 12.0, 8.0));
        var vwap = (GenericRecord)r["vwap"];
        (vwap["session"], vwap["w5m"]).ShouldBe((10.5, 10.25));
        var imb = (GenericRecord)r["imbalance"];
        (imb["spread"], imb["bid_px"], imb["ask_px"], imb["bid_sz"], imb["ask_sz"]).ShouldBe((0.84, 1973.12, 1973.96, 2.5755, 1.27105));
        ((GenericRecord)r["vol_realized"])["w60s"].ShouldBe(0.0012);

        var empty = full with { Macd = null, Ema = null, Rsi14 = null, Boll = null, Vwap = new VwapValues(1, null), Imbalance = null, VolRealizedW60s = null };
        var e = Decode(TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, empty)), TaAvroSchemas.Signal);
        foreach (var f in new[] { "macd", "ema", "rsi14", "boll", "imbalance", "vol_realized" }) e[f].ShouldBeNull(f);
        ((GenericRecord)e["vwap"])["w5m"].ShouldBeNull();
        e["version"].ShouldBe(1);
    }

    [Fact]
    public void Status_round_trips_and_confluent_framing_prefixes_the_schema_id()
    {
        var status = new TaStatus(Now, 42, 3000, End, "ok");
        var r = Decode(TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, status)), TaAvroSchemas.Status);
        (r["ingest_ts"], r["event_ts"], r["symbol"], r["seq"], r["is_final"], r["source"], r["window"]).ShouldBe(
            ("2026-02-22T14:03:09.412518Z", "2026-02-22T14:03:09.412518Z", "ta", 42L, true, "ta", null));
        (r["watermark_lag_ms"], r["last_event_ts"], r["status"], r["heartbeat"], r["version"]).ShouldBe((3000L, "2026-02-22T14:03:08Z", "ok", true, 1));

        var empty = Decode(TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, new TaStatus(Now, 1, null, null, "ok"))), TaAvroSchemas.Status);
        (empty["watermark_lag_ms"], empty["last_event_ts"]).ShouldBe((null, null));

        var plain = TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, status));
        var framed = TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, status, schemaId: 0x01020304));
        framed[..5].ShouldBe(new byte[] { 0, 1, 2, 3, 4 });
        framed[5..].ShouldBe(plain);
    }

    [Fact]
    public void Engine_output_encodes_and_decodes()
    {
        var engine = new TaEngine();
        var output = new TaOutput();
        for (int i = 0; i < 30; i++) engine.OnEnvelope(TaEnvelopes.Trade("SOL/USD", TaEnvelopes.Ms(i * 500), 84 + i * 0.01, 0.5), TaEnvelopes.Ms(i * 500), output);
        output.Signals.Count.ShouldBeGreaterThan(10);
        foreach (var bar in output.Microbars)
            ((double)Decode(TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, bar)), TaAvroSchemas.Bar1s)["c"]).ShouldBe(bar.Close);
        foreach (var signal in output.Signals)
            ((string)Decode(TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, signal)), TaAvroSchemas.Signal)["event_ts"]).ShouldBe(signal.EventTs.ToString());
    }
}
