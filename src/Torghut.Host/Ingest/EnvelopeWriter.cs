using System.Buffers;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest;

/// <summary>
/// Builds the upstream JSON envelope (upstream-contracts §2, design date) from normalized records: camelCase keys in
/// the documented order — ingestTs, eventTs, feed, channel, symbol, seq, payload, isFinal, source, window, version —
/// with <c>payload</c> in Alpaca's short keys (nulls omitted; REST bars carry <c>"T":"b"</c> and explicit nulls, as
/// upstream's backfill did). One writer per lane; not thread-safe (it reuses its buffer). Why by hand, not a
/// serializer: docs/adr/0063-hand-written-envelope-json.md.
/// </summary>
public sealed class EnvelopeWriter(string feed, TopicMap topics, SequenceClock sequence, Func<NanoTimestamp>? clock = null)
{
    /// <summary>The venue family this writer stamps on envelopes (<c>feed</c>), from the plugin's manifest.</summary>
    public string Venue => feed;

    // LaneStatus (a heartbeat every few seconds) keeps Utf8JsonWriter; the per-message envelopes are written by hand
    // into an EnvelopeBuffer from the fixed template below, which was ~4x cheaper than Utf8JsonWriter + ToArray.
    private static readonly JsonEncodedText IngestTs = JsonEncodedText.Encode("ingestTs"), EventTs = JsonEncodedText.Encode("eventTs"),
        Feed = JsonEncodedText.Encode("feed"), Channel = JsonEncodedText.Encode("channel"), Symbol = JsonEncodedText.Encode("symbol"),
        Seq = JsonEncodedText.Encode("seq"), Payload = JsonEncodedText.Encode("payload"), IsFinal = JsonEncodedText.Encode("isFinal"),
        Source = JsonEncodedText.Encode("source"), Window = JsonEncodedText.Encode("window"), Version = JsonEncodedText.Encode("version"),
        Ws = JsonEncodedText.Encode("ws");

    private readonly EnvelopeBuffer _out = new();
    private readonly Func<NanoTimestamp> _clock = clock ?? (() => NanoTimestamp.Now);
    // Two formatters, each caching its last second: ingest times are "now", event times may be far from it.
    private readonly Utf8Timestamp _ingestTime = new(), _eventTime = new();
    private readonly EnvelopeKeys _keys = new(sequence, feed);
    private readonly bool _systemClocks = clock is null && sequence.UsesSystemClock;
    private NanoTimestamp? _frameIngestTs;
    private NanoTimestamp _unframedIngestTs;
    private PairIngestTable? _pairs;
    private long _frameMicros;
    // The frame's `{"ingestTs":"…","eventTs":` prefix, formatted once per frame instead of once per envelope.
    private readonly byte[] _frameHead = new byte[FrameHeadCapacity];
    private int _frameHeadLength;
    // Where this envelope's eventTs text is, so the payload's "t" (the same time) is copied rather than formatted again.
    private int _eventTsAt, _eventTsLength;
    private const int FrameHeadCapacity = 64; // EnvelopeBuffer.Block64 copies it whole

    /// <summary>
    /// Starts a frame: its envelopes share one ingest time (they were received together), so the clock is read once
    /// per frame instead of per message. Envelopes use this time until the next frame starts; a writer that never
    /// starts frames (heartbeats, backfill) reads the clock per envelope.
    /// </summary>
    public void BeginFrame()
    {
        var now = _clock();
        _frameIngestTs = now;
        // With the system clock on both sides, one clock read serves both (a read costs ~60 ns on some VMs).
        _frameMicros = _systemClocks ? now.UnixNanoseconds / 1000 : sequence.NowMicros();
        var head = _frameHead.AsSpan();
        "{\"ingestTs\":\""u8.CopyTo(head);
        var n = 13;
        n += _ingestTime.Format(now, head[n..]);
        "\",\"eventTs\":"u8.CopyTo(head[n..]);
        _frameHeadLength = n + 12;
    }

    /// <summary>The ingest time of the current frame (null before the first frame).</summary>
    public NanoTimestamp? FrameIngestTs => _frameIngestTs;

    /// <summary>
    /// From now on every trade and quote envelope also records its symbol's newest event in <paramref name="pairs"/>
    /// (event time, this envelope's ingest time). The pair's slot is kept on the cached (channel, symbol) header entry,
    /// so this costs no lookup per message.
    /// </summary>
    public void TrackPairs(PairIngestTable pairs) => _pairs = pairs;

    public TransportRecord Trade(in Trade t) => Trade(t, EnvelopeSource.Ws);

    /// <summary>A trade from the stream or, repaired from the venue's history, with <c>source:"rest"</c>.</summary>
    public TransportRecord Trade(in Trade t, EnvelopeSource source)
    {
        var key = _keys.Get(EnvelopeChannel.Trades, t.Symbol);
        var w = Begin(t.Timestamp, key);
        if (t.TradeId is { } id) { w.Raw(",\"i\":"u8); w.Long(id); }
        if (t.Exchange is not null) { w.Raw(",\"x\":"u8); w.String(t.Exchange); }
        w.Raw(",\"p\":"u8); w.Double(t.Price);
        w.Raw(",\"s\":"u8); w.Double(t.Size);
        WriteConditions(w, t.Conditions);
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        if (t.Tape is not null) { w.Raw(",\"z\":"u8); w.String(t.Tape); }
        // REST history's trade state (Alpaca u), after the upstream keys: TA leaves canceled/incorrect trades out.
        OptionalString(w, ",\"u\":"u8, t.Update);
        var record = End(topics.Trades, t.Symbol, source == EnvelopeSource.Rest ? FinalRest : FinalWs);
        if (_pairs is not null) TrackPair(key, t.Symbol, t.Timestamp);
        return record;
    }

    public TransportRecord Quote(in Quote q) => Quote(q, EnvelopeSource.Ws);

    /// <summary>A quote from the stream or, repaired from the venue's history, with <c>source:"rest"</c>.</summary>
    public TransportRecord Quote(in Quote q, EnvelopeSource source)
    {
        var key = _keys.Get(EnvelopeChannel.Quotes, q.Symbol);
        var w = Begin(q.Timestamp, key);
        if (q.BidExchange is not null) { w.Raw(",\"bx\":"u8); w.String(q.BidExchange); }
        w.Raw(",\"bp\":"u8); w.Double(q.BidPrice);
        w.Raw(",\"bs\":"u8); w.Double(q.BidSize);
        if (q.AskExchange is not null) { w.Raw(",\"ax\":"u8); w.String(q.AskExchange); }
        w.Raw(",\"ap\":"u8); w.Double(q.AskPrice);
        w.Raw(",\"as\":"u8); w.Double(q.AskSize);
        WriteConditions(w, q.Conditions);
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        if (q.Tape is not null) { w.Raw(",\"z\":"u8); w.String(q.Tape); }
        var record = End(topics.Quotes, q.Symbol, source == EnvelopeSource.Rest ? FinalRest : FinalWs);
        if (_pairs is not null) TrackPair(key, q.Symbol, q.Timestamp);
        return record;
    }

    /// <summary>A live bar (<c>bars</c>), a correction (<c>updatedBars</c>, not final) or a REST backfill bar.</summary>
    public TransportRecord Bar(in Bar b, EnvelopeSource source)
    {
        var updated = b.Kind == BarKind.Updated;
        var rest = source == EnvelopeSource.Rest;
        var w = Begin(b.Timestamp, _keys.Get(updated ? EnvelopeChannel.UpdatedBars : EnvelopeChannel.Bars, b.Symbol), rest ? "\"T\":\"b\","u8 : default);
        w.Raw(",\"o\":"u8); w.Double(b.Open);
        w.Raw(",\"h\":"u8); w.Double(b.High);
        w.Raw(",\"l\":"u8); w.Double(b.Low);
        w.Raw(",\"c\":"u8); w.Double(b.Close);
        w.Raw(",\"v\":"u8); w.Double(b.Volume);
        if (b.Vwap is { } vw) { w.Raw(",\"vw\":"u8); w.Double(vw); }
        else if (rest) w.Raw(",\"vw\":null"u8);
        if (b.TradeCount is { } n) { w.Raw(",\"n\":"u8); w.Long(n); }
        else if (rest) w.Raw(",\"n\":null"u8);
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        return End(topics.Bars, b.Symbol, rest ? FinalRest : updated ? NotFinalWs : FinalWs);
    }

    /// <summary>
    /// A trading status. Upstream's model had <c>statusCode</c>/<c>statusMessage</c> but never filled them from
    /// Alpaca's <c>sc</c>/<c>sm</c>; they are filled here, in the same keys, so existing readers see the values.
    /// </summary>
    public TransportRecord Status(in TradingStatus s)
    {
        var w = Begin(s.Timestamp, _keys.Get(EnvelopeChannel.Status, s.Symbol));
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        if (s.StatusCode is not null) { w.Raw(",\"statusCode\":"u8); w.String(s.StatusCode); }
        if (s.StatusMessage is not null) { w.Raw(",\"statusMessage\":"u8); w.String(s.StatusMessage); }
        // Added after the upstream keys, in Alpaca's own letters (ADR 0014): the halt reason and the tape.
        OptionalString(w, ",\"rc\":"u8, s.ReasonCode);
        OptionalString(w, ",\"rm\":"u8, s.ReasonMessage);
        OptionalString(w, ",\"z\":"u8, s.Tape);
        return End(topics.Status, s.Symbol, FinalWs);
    }

    /// <summary>LULD bands: channel <c>lulds</c> on the status topic, payload in Alpaca's keys <c>S,u,d,i,t,z</c>.</summary>
    public TransportRecord PriceBand(in PriceBand b)
    {
        var w = Begin(b.Timestamp, _keys.Get(EnvelopeChannel.Lulds, b.Symbol));
        w.Raw(",\"u\":"u8); w.Double(b.LimitUp);
        w.Raw(",\"d\":"u8); w.Double(b.LimitDown);
        OptionalString(w, ",\"i\":"u8, b.Indicator);
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        OptionalString(w, ",\"z\":"u8, b.Tape);
        return End(topics.Status, b.Symbol, FinalWs);
    }

    /// <summary>An order imbalance: channel <c>imbalances</c> on the status topic, payload <c>S,p,t,z</c>.</summary>
    public TransportRecord Imbalance(in OrderImbalance i)
    {
        var w = Begin(i.Timestamp, _keys.Get(EnvelopeChannel.Imbalances, i.Symbol));
        w.Raw(",\"p\":"u8); w.Double(i.Price);
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        OptionalString(w, ",\"z\":"u8, i.Tape);
        return End(topics.Status, i.Symbol, FinalWs);
    }

    /// <summary>A trade correction: channel <c>corrections</c> on the corrections topic, payload in Alpaca's keys.</summary>
    public TransportRecord Correction(in TradeCorrection c)
    {
        var w = Begin(c.Timestamp, _keys.Get(EnvelopeChannel.Corrections, c.Symbol));
        OptionalString(w, ",\"x\":"u8, c.Exchange);
        w.Raw(",\"oi\":"u8); w.Long(c.OriginalId);
        w.Raw(",\"op\":"u8); w.Double(c.OriginalPrice);
        w.Raw(",\"os\":"u8); w.Double(c.OriginalSize);
        WriteConditions(w, ",\"oc\":["u8, c.OriginalConditions);
        w.Raw(",\"ci\":"u8); w.Long(c.CorrectedId);
        w.Raw(",\"cp\":"u8); w.Double(c.CorrectedPrice);
        w.Raw(",\"cs\":"u8); w.Double(c.CorrectedSize);
        WriteConditions(w, ",\"cc\":["u8, c.CorrectedConditions);
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        OptionalString(w, ",\"z\":"u8, c.Tape);
        return End(topics.Corrections, c.Symbol, FinalWs);
    }

    /// <summary>A trade cancel/error: channel <c>cancelErrors</c> on the corrections topic, payload <c>S,i,x,p,s,a,t,z</c>.</summary>
    public TransportRecord Cancel(in TradeCancel c)
    {
        var w = Begin(c.Timestamp, _keys.Get(EnvelopeChannel.CancelErrors, c.Symbol));
        w.Raw(",\"i\":"u8); w.Long(c.TradeId);
        OptionalString(w, ",\"x\":"u8, c.Exchange);
        w.Raw(",\"p\":"u8); w.Double(c.Price);
        w.Raw(",\"s\":"u8); w.Double(c.Size);
        OptionalString(w, ",\"a\":"u8, c.Action);
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        OptionalString(w, ",\"z\":"u8, c.Tape);
        return End(topics.Corrections, c.Symbol, FinalWs);
    }

    /// <summary>
    /// An order-book message as received (ADR 0040): channel <c>orderbooks</c> on the order-book topic, payload
    /// <c>S,t,b,a,r</c> with levels <c>{"p","s"}</c> (a size of 0 removes the level) and <c>r</c> always written.
    /// </summary>
    public TransportRecord OrderBook(in OrderBookUpdate o)
    {
        var w = Begin(o.Timestamp, _keys.Get(EnvelopeChannel.OrderBooks, o.Symbol));
        w.Raw(",\"t\":"u8); w.Repeat(_eventTsAt, _eventTsLength);
        WriteLevels(w, ",\"b\":["u8, o.Bids);
        WriteLevels(w, ",\"a\":["u8, o.Asks);
        w.Raw(o.Reset ? ",\"r\":true"u8 : ",\"r\":false"u8);
        return End(topics.OrderBooks, o.Symbol, FinalWs);
    }

    private static void WriteLevels(EnvelopeBuffer w, ReadOnlySpan<byte> keyAndBracket,
        IReadOnlyList<PriceLevel> levels)
    {
        w.Raw(keyAndBracket);
        for (var i = 0; i < levels.Count; i++)
        {
            w.Raw(i == 0 ? "{\"p\":"u8 : ",{\"p\":"u8);
            w.Double(levels[i].Price);
            w.Raw(",\"s\":"u8);
            w.Double(levels[i].Size);
            w.Raw("}"u8);
        }
        w.Raw("]"u8);
    }

    private static void OptionalString(EnvelopeBuffer w, ReadOnlySpan<byte> key, string? value)
    {
        if (value is null) return;
        w.Raw(key);
        w.String(value);
    }

    /// <summary>
    /// The lane heartbeat upstream documented and never emitted: channel <c>lane_status</c> on the status topic, keyed
    /// <c>lane:&lt;name&gt;</c> so the compacted topic keeps each lane's latest state.
    /// </summary>
    public TransportRecord LaneStatus(LaneHeartbeat heartbeat)
    {
        var key = "lane:" + heartbeat.Lane;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            var time = new Utf8Timestamp();
            var ingest = _frameIngestTs ?? _clock();
            w.WriteStartObject();
            WriteTime(w, time, IngestTs, ingest);
            WriteTime(w, time, EventTs, _clock());
            w.WriteString(Feed, feed);
            w.WriteString(Channel, "lane_status");
            w.WriteString(Symbol, key);
            w.WriteNumber(Seq, sequence.Counter("lane_status", key).Next(_frameIngestTs is null ? sequence.NowMicros() : _frameMicros));
            w.WriteStartObject(Payload);
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
            foreach (var (channel, ts) in heartbeat.LastEvent) WriteTime(w, time, JsonEncodedText.Encode(channel), ts);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteBoolean(IsFinal, true);
            w.WriteString(Source, Ws);
            w.WriteNull(Window);
            w.WriteNumber(Version, 1);
            w.WriteEndObject();
        }
        return new TransportRecord(topics.Status, key, buffer.WrittenSpan.ToArray());
    }

    private static ReadOnlySpan<byte> FinalWs => "},\"isFinal\":true,\"source\":\"ws\",\"window\":null,\"version\":1}"u8;
    private static ReadOnlySpan<byte> NotFinalWs => "},\"isFinal\":false,\"source\":\"ws\",\"window\":null,\"version\":1}"u8;
    private static ReadOnlySpan<byte> FinalRest => "},\"isFinal\":true,\"source\":\"rest\",\"window\":null,\"version\":1}"u8;

    /// <summary>Writes the header up to and including the payload's <c>"S"</c>: <c>{"ingestTs":…,"payload":{[T,]"S":"…"</c>.</summary>
    private EnvelopeBuffer Begin(NanoTimestamp eventTs, EnvelopeKey key, ReadOnlySpan<byte> payloadPrefix = default)
    {
        var w = _out;
        w.Begin();
        if (_frameIngestTs is not null) w.Block64(_frameHead, _frameHeadLength);
        else
        {
            w.Raw("{\"ingestTs\":"u8);
            _unframedIngestTs = _clock();
            w.Time(_ingestTime, _unframedIngestTs);
            w.Raw(",\"eventTs\":"u8);
        }
        _eventTsAt = w.Length;
        w.Time(_eventTime, eventTs);
        _eventTsLength = w.Length - _eventTsAt;
        w.Raw(key.Head);
        w.Long(key.Counter.Next(_frameIngestTs is null ? sequence.NowMicros() : _frameMicros));
        if (payloadPrefix.IsEmpty) w.Raw(key.PayloadHead);
        else
        {
            w.Raw(",\"payload\":{"u8);
            w.Raw(payloadPrefix);
            w.Raw("\"S\":"u8);
            w.Raw(key.SymbolJson);
        }
        return w;
    }

    private TransportRecord End(string topic, string key, ReadOnlySpan<byte> tail)
    {
        _out.Raw(tail);
        // The transports copy (or keep) the bytes; each record owns a slice of a slab that is never rewritten.
        return new TransportRecord(topic, key, _out.Finish());
    }

    /// <summary>Records a written trade or quote on its pair: directly on the slot cached on the header entry, through
    /// the table only for the symbol's first event, after it was forgotten, or while the table is full.</summary>
    private void TrackPair(EnvelopeKey key, string symbol, NanoTimestamp eventTs)
    {
        var ingestTs = _frameIngestTs ?? _unframedIngestTs;
        if (key.Pair is { Forgotten: false } slot) slot.Record(eventTs, ingestTs);
        else key.Pair = _pairs!.Track(symbol, eventTs, ingestTs);
    }

    private static void WriteTime(Utf8JsonWriter w, Utf8Timestamp time, JsonEncodedText name, NanoTimestamp ts)
    {
        Span<byte> text = stackalloc byte[Utf8Timestamp.MaxLength];
        w.WriteString(name, text[..time.Format(ts, text)]);
    }

    private static void WriteConditions(EnvelopeBuffer w, IReadOnlyList<string>? conditions) =>
        WriteConditions(w, ",\"c\":["u8, conditions);

    private static void WriteConditions(EnvelopeBuffer w, ReadOnlySpan<byte> keyAndBracket, IReadOnlyList<string>? conditions)
    {
        if (conditions is null) return;
        w.Raw(keyAndBracket);
        for (var i = 0; i < conditions.Count; i++)
        {
            if (i > 0) w.Raw(","u8);
            w.String(conditions[i]);
        }
        w.Raw("]"u8);
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
