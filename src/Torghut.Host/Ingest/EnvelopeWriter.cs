using System.Buffers;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest;

/// <summary>
/// Builds the upstream JSON envelope (upstream-contracts §2, design date) from normalized records: camelCase keys in
/// the documented order — ingestTs, eventTs, feed, channel, symbol, seq, payload, isFinal, source, window, version —
/// with <c>payload</c> in Alpaca's short keys (nulls omitted; REST bars carry <c>"T":"b"</c> and explicit nulls, as
/// upstream's backfill did). One writer per lane; not thread-safe (it reuses its buffer).
/// </summary>
public sealed class EnvelopeWriter(string feed, TopicMap topics, SequenceClock sequence, Func<NanoTimestamp>? clock = null)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });
    private readonly Func<NanoTimestamp> _clock = clock ?? (() => NanoTimestamp.Now);

    public TransportRecord Trade(in Trade t)
    {
        var w = Begin(t.Timestamp, "trades", t.Symbol);
        w.WriteString("S", t.Symbol);
        if (t.TradeId is { } id) w.WriteNumber("i", id);
        if (t.Exchange is not null) w.WriteString("x", t.Exchange);
        JsonNumbers.WriteDouble(w, "p", t.Price);
        JsonNumbers.WriteDouble(w, "s", t.Size);
        WriteConditions(w, t.Conditions);
        WriteTime(w, "t", t.Timestamp);
        if (t.Tape is not null) w.WriteString("z", t.Tape);
        return End(topics.Trades, t.Symbol, isFinal: true, EnvelopeSource.Ws);
    }

    public TransportRecord Quote(in Quote q)
    {
        var w = Begin(q.Timestamp, "quotes", q.Symbol);
        w.WriteString("S", q.Symbol);
        if (q.BidExchange is not null) w.WriteString("bx", q.BidExchange);
        JsonNumbers.WriteDouble(w, "bp", q.BidPrice);
        JsonNumbers.WriteDouble(w, "bs", q.BidSize);
        if (q.AskExchange is not null) w.WriteString("ax", q.AskExchange);
        JsonNumbers.WriteDouble(w, "ap", q.AskPrice);
        JsonNumbers.WriteDouble(w, "as", q.AskSize);
        WriteConditions(w, q.Conditions);
        WriteTime(w, "t", q.Timestamp);
        if (q.Tape is not null) w.WriteString("z", q.Tape);
        return End(topics.Quotes, q.Symbol, isFinal: true, EnvelopeSource.Ws);
    }

    /// <summary>A live bar (<c>bars</c>), a correction (<c>updatedBars</c>, not final) or a REST backfill bar.</summary>
    public TransportRecord Bar(in Bar b, EnvelopeSource source)
    {
        var channel = b.Kind == BarKind.Updated ? "updatedBars" : "bars";
        var w = Begin(b.Timestamp, channel, b.Symbol);
        var rest = source == EnvelopeSource.Rest;
        if (rest) w.WriteString("T", "b");
        w.WriteString("S", b.Symbol);
        JsonNumbers.WriteDouble(w, "o", b.Open);
        JsonNumbers.WriteDouble(w, "h", b.High);
        JsonNumbers.WriteDouble(w, "l", b.Low);
        JsonNumbers.WriteDouble(w, "c", b.Close);
        JsonNumbers.WriteDouble(w, "v", b.Volume);
        if (b.Vwap is { } vw) JsonNumbers.WriteDouble(w, "vw", vw);
        else if (rest) w.WriteNull("vw");
        if (b.TradeCount is { } n) w.WriteNumber("n", n);
        else if (rest) w.WriteNull("n");
        WriteTime(w, "t", b.Timestamp);
        return End(topics.Bars, b.Symbol, isFinal: b.Kind != BarKind.Updated, source);
    }

    /// <summary>
    /// A trading status. Upstream's model had <c>statusCode</c>/<c>statusMessage</c> but never filled them from
    /// Alpaca's <c>sc</c>/<c>sm</c>; they are filled here, in the same keys, so existing readers see the values.
    /// </summary>
    public TransportRecord Status(in TradingStatus s)
    {
        var w = Begin(s.Timestamp, "status", s.Symbol);
        w.WriteString("S", s.Symbol);
        WriteTime(w, "t", s.Timestamp);
        if (s.StatusCode is not null) w.WriteString("statusCode", s.StatusCode);
        if (s.StatusMessage is not null) w.WriteString("statusMessage", s.StatusMessage);
        return End(topics.Status, s.Symbol, isFinal: true, EnvelopeSource.Ws);
    }

    /// <summary>
    /// The lane heartbeat upstream documented and never emitted: channel <c>lane_status</c> on the status topic, keyed
    /// <c>lane:&lt;name&gt;</c> so the compacted topic keeps each lane's latest state.
    /// </summary>
    public TransportRecord LaneStatus(LaneHeartbeat heartbeat)
    {
        var key = "lane:" + heartbeat.Lane;
        var w = Begin(_clock(), "lane_status", key);
        w.WriteString("lane", heartbeat.Lane);
        w.WriteString("state", heartbeat.State);
        w.WriteBoolean("ready", heartbeat.Ready);
        if (heartbeat.Problem is not null) w.WriteString("problem", heartbeat.Problem);
        w.WriteNumber("reconnects", heartbeat.Reconnects);
        w.WriteNumber("decodeErrors", heartbeat.DecodeErrors);
        w.WriteStartObject("subscribed");
        foreach (var (channel, symbols) in heartbeat.Subscribed)
        {
            w.WriteStartArray(channel);
            foreach (var s in symbols) w.WriteStringValue(s);
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteStartObject("lastEvent");
        foreach (var (channel, ts) in heartbeat.LastEvent) WriteTime(w, channel, ts);
        w.WriteEndObject();
        return End(topics.Status, key, isFinal: true, EnvelopeSource.Ws);
    }

    private Utf8JsonWriter Begin(NanoTimestamp eventTs, string channel, string symbol)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        WriteTime(_json, "ingestTs", _clock());
        WriteTime(_json, "eventTs", eventTs);
        _json.WriteString("feed", feed);
        _json.WriteString("channel", channel);
        _json.WriteString("symbol", symbol);
        _json.WriteNumber("seq", sequence.Next(channel, symbol));
        _json.WriteStartObject("payload");
        return _json;
    }

    private TransportRecord End(string topic, string key, bool isFinal, EnvelopeSource source)
    {
        _json.WriteEndObject();
        _json.WriteBoolean("isFinal", isFinal);
        _json.WriteString("source", source == EnvelopeSource.Rest ? "rest" : "ws");
        _json.WriteNull("window");
        _json.WriteNumber("version", 1);
        _json.WriteEndObject();
        _json.Flush();
        // The transport buffers asynchronously, so each record owns its bytes.
        return new TransportRecord(topic, key, _buffer.WrittenSpan.ToArray());
    }

    private static void WriteTime(Utf8JsonWriter w, string name, NanoTimestamp ts)
    {
        Span<char> text = stackalloc char[40];
        if (!ts.TryFormat(text, out var n)) throw new ArgumentOutOfRangeException(nameof(ts), "timestamp out of range");
        w.WriteString(name, text[..n]);
    }

    private static void WriteConditions(Utf8JsonWriter w, IReadOnlyList<string>? conditions)
    {
        if (conditions is null) return;
        w.WriteStartArray("c");
        foreach (var c in conditions) w.WriteStringValue(c);
        w.WriteEndArray();
    }
}

/// <summary>A lane's state for its heartbeat record.</summary>
public sealed record LaneHeartbeat(
    string Lane,
    string State,
    bool Ready,
    string? Problem,
    long Reconnects,
    long DecodeErrors,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Subscribed,
    IReadOnlyDictionary<string, NanoTimestamp> LastEvent);
