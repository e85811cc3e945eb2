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
    // Property names encoded once: encoding them per envelope was most of the envelope cost.
    private static readonly JsonEncodedText IngestTs = JsonEncodedText.Encode("ingestTs"), EventTs = JsonEncodedText.Encode("eventTs"),
        Feed = JsonEncodedText.Encode("feed"), Channel = JsonEncodedText.Encode("channel"), Symbol = JsonEncodedText.Encode("symbol"),
        Seq = JsonEncodedText.Encode("seq"), Payload = JsonEncodedText.Encode("payload"), IsFinal = JsonEncodedText.Encode("isFinal"),
        Source = JsonEncodedText.Encode("source"), Window = JsonEncodedText.Encode("window"), Version = JsonEncodedText.Encode("version"),
        Ws = JsonEncodedText.Encode("ws"), Rest = JsonEncodedText.Encode("rest"),
        S = JsonEncodedText.Encode("S"), T = JsonEncodedText.Encode("T"), I = JsonEncodedText.Encode("i"), X = JsonEncodedText.Encode("x"),
        P = JsonEncodedText.Encode("p"), Sz = JsonEncodedText.Encode("s"), C = JsonEncodedText.Encode("c"), Tm = JsonEncodedText.Encode("t"),
        Z = JsonEncodedText.Encode("z"), Bx = JsonEncodedText.Encode("bx"), Bp = JsonEncodedText.Encode("bp"), Bs = JsonEncodedText.Encode("bs"),
        Ax = JsonEncodedText.Encode("ax"), Ap = JsonEncodedText.Encode("ap"), As = JsonEncodedText.Encode("as"), O = JsonEncodedText.Encode("o"),
        H = JsonEncodedText.Encode("h"), L = JsonEncodedText.Encode("l"), V = JsonEncodedText.Encode("v"), Vw = JsonEncodedText.Encode("vw"),
        N = JsonEncodedText.Encode("n"), B = JsonEncodedText.Encode("b");

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json = new(Stream.Null, new JsonWriterOptions { SkipValidation = true });
    private readonly Func<NanoTimestamp> _clock = clock ?? (() => NanoTimestamp.Now);
    private readonly JsonEncodedText _feed = JsonEncodedText.Encode(feed);
    private readonly Utf8Timestamp _time = new();
    private readonly Dictionary<(string Channel, string Symbol), (SequenceCounter Counter, JsonEncodedText Symbol, JsonEncodedText Channel)> _keys = new();
    private NanoTimestamp? _frameIngestTs;
    private long _frameMicros;

    /// <summary>
    /// Starts a frame: its envelopes share one ingest time (they were received together), so the clock is read once
    /// per frame instead of per message. Until <see cref="EndFrame"/>, envelopes use this time.
    /// </summary>
    public void BeginFrame()
    {
        _frameIngestTs = _clock();
        _frameMicros = sequence.NowMicros();
    }

    public void EndFrame() => _frameIngestTs = null;

    public TransportRecord Trade(in Trade t)
    {
        var (w, key) = Begin(t.Timestamp, "trades", t.Symbol);
        w.WriteString(S, key.Symbol);
        if (t.TradeId is { } id) w.WriteNumber(I, id);
        if (t.Exchange is not null) w.WriteString(X, t.Exchange);
        JsonNumbers.WriteDouble(w, P, t.Price);
        JsonNumbers.WriteDouble(w, Sz, t.Size);
        WriteConditions(w, t.Conditions);
        WriteTime(Tm, t.Timestamp);
        if (t.Tape is not null) w.WriteString(Z, t.Tape);
        return End(topics.Trades, t.Symbol, isFinal: true, EnvelopeSource.Ws);
    }

    public TransportRecord Quote(in Quote q)
    {
        var (w, key) = Begin(q.Timestamp, "quotes", q.Symbol);
        w.WriteString(S, key.Symbol);
        if (q.BidExchange is not null) w.WriteString(Bx, q.BidExchange);
        JsonNumbers.WriteDouble(w, Bp, q.BidPrice);
        JsonNumbers.WriteDouble(w, Bs, q.BidSize);
        if (q.AskExchange is not null) w.WriteString(Ax, q.AskExchange);
        JsonNumbers.WriteDouble(w, Ap, q.AskPrice);
        JsonNumbers.WriteDouble(w, As, q.AskSize);
        WriteConditions(w, q.Conditions);
        WriteTime(Tm, q.Timestamp);
        if (q.Tape is not null) w.WriteString(Z, q.Tape);
        return End(topics.Quotes, q.Symbol, isFinal: true, EnvelopeSource.Ws);
    }

    /// <summary>A live bar (<c>bars</c>), a correction (<c>updatedBars</c>, not final) or a REST backfill bar.</summary>
    public TransportRecord Bar(in Bar b, EnvelopeSource source)
    {
        var channel = b.Kind == BarKind.Updated ? "updatedBars" : "bars";
        var (w, key) = Begin(b.Timestamp, channel, b.Symbol);
        var rest = source == EnvelopeSource.Rest;
        if (rest) w.WriteString(T, B);
        w.WriteString(S, key.Symbol);
        JsonNumbers.WriteDouble(w, O, b.Open);
        JsonNumbers.WriteDouble(w, H, b.High);
        JsonNumbers.WriteDouble(w, L, b.Low);
        JsonNumbers.WriteDouble(w, C, b.Close);
        JsonNumbers.WriteDouble(w, V, b.Volume);
        if (b.Vwap is { } vw) JsonNumbers.WriteDouble(w, Vw, vw);
        else if (rest) w.WriteNull(Vw);
        if (b.TradeCount is { } n) w.WriteNumber(N, n);
        else if (rest) w.WriteNull(N);
        WriteTime(Tm, b.Timestamp);
        return End(topics.Bars, b.Symbol, isFinal: b.Kind != BarKind.Updated, source);
    }

    /// <summary>
    /// A trading status. Upstream's model had <c>statusCode</c>/<c>statusMessage</c> but never filled them from
    /// Alpaca's <c>sc</c>/<c>sm</c>; they are filled here, in the same keys, so existing readers see the values.
    /// </summary>
    public TransportRecord Status(in TradingStatus s)
    {
        var (w, key) = Begin(s.Timestamp, "status", s.Symbol);
        w.WriteString(S, key.Symbol);
        WriteTime(Tm, s.Timestamp);
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
        var (w, _) = Begin(_clock(), "lane_status", key);
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
        foreach (var (channel, ts) in heartbeat.LastEvent) WriteTime(JsonEncodedText.Encode(channel), ts);
        w.WriteEndObject();
        return End(topics.Status, key, isFinal: true, EnvelopeSource.Ws);
    }

    private (Utf8JsonWriter Writer, (SequenceCounter Counter, JsonEncodedText Symbol, JsonEncodedText Channel) Key) Begin(
        NanoTimestamp eventTs, string channel, string symbol)
    {
        if (!_keys.TryGetValue((channel, symbol), out var key))
        {
            if (_keys.Count > 100_000) _keys.Clear(); // bounded: a runaway universe must not grow this forever
            key = (sequence.Counter(channel, symbol), JsonEncodedText.Encode(symbol), JsonEncodedText.Encode(channel));
            _keys[(channel, symbol)] = key;
        }
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        WriteTime(IngestTs, _frameIngestTs ?? _clock());
        WriteTime(EventTs, eventTs);
        _json.WriteString(Feed, _feed);
        _json.WriteString(Channel, key.Channel);
        _json.WriteString(Symbol, key.Symbol);
        _json.WriteNumber(Seq, key.Counter.Next(_frameIngestTs is null ? sequence.NowMicros() : _frameMicros));
        _json.WriteStartObject(Payload);
        return (_json, key);
    }

    private TransportRecord End(string topic, string key, bool isFinal, EnvelopeSource source)
    {
        _json.WriteEndObject();
        _json.WriteBoolean(IsFinal, isFinal);
        _json.WriteString(Source, source == EnvelopeSource.Rest ? Rest : Ws);
        _json.WriteNull(Window);
        _json.WriteNumber(Version, 1);
        _json.WriteEndObject();
        _json.Flush();
        // The transport buffers asynchronously, so each record owns its bytes.
        return new TransportRecord(topic, key, _buffer.WrittenSpan.ToArray());
    }

    private void WriteTime(JsonEncodedText name, NanoTimestamp ts)
    {
        Span<byte> text = stackalloc byte[Utf8Timestamp.MaxLength];
        _json.WriteString(name, text[.._time.Format(ts, text)]);
    }

    private static void WriteConditions(Utf8JsonWriter w, IReadOnlyList<string>? conditions)
    {
        if (conditions is null) return;
        w.WriteStartArray(C);
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
