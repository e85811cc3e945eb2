using Torghut.Abstractions;
using Torghut.Host.Ingest.Repair;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest;

/// <summary>
/// Collects what one frame decodes to: envelopes to publish, control messages for the session, decode errors.
/// Kept synchronous (the plugin's decoder calls it); the session publishes and acts after the frame is decoded.
/// A record that cannot become an envelope (e.g. a non-finite number slipped through a plugin) is counted as a
/// decode error and dropped alone.
/// </summary>
public sealed class FrameSink : IFeedSink
{
    private readonly EnvelopeWriter _envelopes;

    public FrameSink(EnvelopeWriter envelopes)
    {
        _envelopes = envelopes;
        envelopes.TrackPairs(Pairs);
    }

    public List<TransportRecord> Records { get; } = new(64);
    public List<ControlMessage> Controls { get; } = new(2);
    public List<DecodeError> Errors { get; } = new();
    // Per-channel counters and last event times live in arrays: two dictionary writes per message (hashing the
    // channel name each time) were a visible share of envelope building. The dictionaries are built when asked for.
    private static readonly string[] ChannelNames =
        ["trades", "quotes", "bars", "updatedBars", "statuses", "lulds", "imbalances", "corrections", "cancelErrors", "orderbooks"];
    private const int Trades = 0, Quotes = 1, Bars = 2, UpdatedBars = 3, Statuses = 4, Lulds = 5, Imbalances = 6,
        Corrections = 7, CancelErrors = 8, OrderBooks = 9;
    // MessageTally type indices of the records this sink publishes (MessageTally.Types).
    private const int TypeTrade = 0, TypeQuote = 1, TypeBar = 2, TypeUpdatedBar = 3, TypeDailyBar = 4, TypeStatus = 5,
        TypeOrderBook = 6, TypeCorrection = 7, TypeCancel = 8, TypeLuld = 9, TypeImbalance = 10;
    private readonly long[] _perChannel = new long[ChannelNames.Length];
    private readonly NanoTimestamp[] _lastEvent = new NanoTimestamp[ChannelNames.Length];
    private readonly bool[] _seen = new bool[ChannelNames.Length];

    /// <summary>Latest event time per channel that has had one (a copy).</summary>
    public Dictionary<string, NanoTimestamp> LastEvent
    {
        get
        {
            var result = new Dictionary<string, NanoTimestamp>(StringComparer.Ordinal);
            for (var i = 0; i < ChannelNames.Length; i++)
                if (_seen[i]) result[ChannelNames[i]] = _lastEvent[i];
            return result;
        }
    }

    /// <summary>Newest trade or quote per symbol, with its ingest lag (recorded by the envelope writer as it writes them).</summary>
    public PairIngestTable Pairs { get; } = new();


    public long Messages { get; private set; }

    /// <summary>Every element not published, by (type, outcome); see <see cref="MessagesByType"/>.</summary>
    public MessageTally Tally { get; } = new();

    // The type letter published on each channel (ChannelNames order).
    private static readonly string[] ChannelTypes = ["t", "q", "b", "u", "s", "l", "i", "c", "x", "o"];

    /// <summary>
    /// Every element by type → outcome → count (torghut_ws_messages_total). Published counts are the per-channel
    /// counts, merged here: counting them again per message would cost the hot path for nothing.
    /// </summary>
    public Dictionary<string, IReadOnlyDictionary<string, long>> MessagesByType()
    {
        var result = Tally.Snapshot();
        for (var channel = 0; channel < ChannelNames.Length; channel++)
        {
            if (_perChannel[channel] == 0) continue;
            var type = ChannelTypes[channel];
            var outcomes = result.TryGetValue(type, out var found) ? new Dictionary<string, long>(found) : new Dictionary<string, long>(StringComparer.Ordinal);
            outcomes[MessageTally.Name(MessageOutcome.Published)] = _perChannel[channel];
            result[type] = outcomes;
        }
        return result;
    }

    /// <summary>Messages published per channel since start (a copy).</summary>
    public Dictionary<string, long> PerChannel
    {
        get
        {
            var result = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var i = 0; i < ChannelNames.Length; i++)
                if (_perChannel[i] > 0) result[ChannelNames[i]] = _perChannel[i];
            return result;
        }
    }

    /// <summary>Records every live bar's version, for repairs to publish only what changes the record.</summary>
    public PublishedBars? Ledger { get; init; }

    /// <summary>Trades already published (by venue identity): a live trade a repair already published is dropped.</summary>
    public PublishedEvents? PublishedTrades { get; init; }

    /// <summary>Quotes already published, as <see cref="PublishedTrades"/>.</summary>
    public PublishedEvents? PublishedQuotes { get; init; }

    /// <summary>The lane's L2 books: each order-book message is applied to them once published (ADR 0040).</summary>
    public Torghut.Host.OrderBooks.OrderBookSet? Books { get; init; }

    /// <summary>Called for each live event dropped because the record already held it (a repair published it first).</summary>
    public Action? OnDuplicate { get; init; }

    /// <summary>Observes ingest lag (frame receipt − event time, ms) per channel, each channel's lags of a frame in one
    /// call at <see cref="EndFrame"/>; negative lags (clock skew) are not observed.</summary>
    public LagObserver? ObserveLag { get; init; }

    // This frame's lags per channel, handed to ObserveLag at EndFrame: per message, the observers' label lookup and
    // clock read were most of the lane's cost beyond envelope building (~150 ns of ~530 ns per message).
    private readonly double[][] _lags = ChannelNames.Select(_ => new double[16]).ToArray();
    private readonly int[] _lagCounts = new int[ChannelNames.Length];
    private NanoTimestamp _lagReceivedAt;

    /// <summary>Starts a frame: clears the previous frame's output; the frame's envelopes share one ingest time.
    /// Lags of a previous frame that was not ended are observed first.</summary>
    public void Clear()
    {
        EndFrame();
        Records.Clear();
        Controls.Clear();
        Errors.Clear();
        _envelopes.BeginFrame();
    }

    /// <summary>Ends the frame: observes its ingest lags (call after decoding, so metrics are current per frame).</summary>
    public void EndFrame()
    {
        if (ObserveLag is not { } observe) return;
        for (var channel = 0; channel < _lagCounts.Length; channel++)
        {
            var count = _lagCounts[channel];
            if (count == 0) continue;
            _lagCounts[channel] = 0;
            observe(ChannelNames[channel], _lagReceivedAt, _lags[channel].AsSpan(0, count));
        }
    }

    public void OnTrade(in Trade trade)
    {
        if (PublishedTrades is { } published && !published.TryAdd(trade.Symbol, trade.Timestamp, EventKey.OfTrade(trade)))
        {
            Tally.Count(TypeTrade, MessageOutcome.Duplicate);
            OnDuplicate?.Invoke();
            return;
        }
        TransportRecord record;
        try { record = _envelopes.Trade(trade); }
        catch (ArgumentOutOfRangeException e) { Unencodable(TypeTrade, Trades, e); return; }
        Added(record, Trades, trade.Timestamp);
    }

    public void OnQuote(in Quote quote)
    {
        if (PublishedQuotes is { } published && !published.TryAdd(quote.Symbol, quote.Timestamp, EventKey.OfQuote(quote)))
        {
            Tally.Count(TypeQuote, MessageOutcome.Duplicate);
            OnDuplicate?.Invoke();
            return;
        }
        TransportRecord record;
        try { record = _envelopes.Quote(quote); }
        catch (ArgumentOutOfRangeException e) { Unencodable(TypeQuote, Quotes, e); return; }
        Added(record, Quotes, quote.Timestamp);
    }

    public void OnBar(in Bar bar)
    {
        if (bar.Kind == BarKind.Daily)
        {
            Tally.Count(TypeDailyBar, MessageOutcome.NoTopic); // daily bars have no topic upstream
            return;
        }
        var (channel, type) = bar.Kind == BarKind.Updated ? (UpdatedBars, TypeUpdatedBar) : (Bars, TypeBar);
        TransportRecord record;
        try { record = _envelopes.Bar(bar, EnvelopeSource.Ws); }
        catch (ArgumentOutOfRangeException e) { Unencodable(type, channel, e); return; }
        Added(record, channel, bar.Timestamp);
        Ledger?.Add(bar);
    }

    public void OnStatus(in TradingStatus status) =>
        Publish(status, static (w, s) => w.Status(s), TypeStatus, Statuses, status.Timestamp);

    public void OnPriceBand(in PriceBand band) =>
        Publish(band, static (w, b) => w.PriceBand(b), TypeLuld, Lulds, band.Timestamp);

    public void OnImbalance(in OrderImbalance imbalance) =>
        Publish(imbalance, static (w, i) => w.Imbalance(i), TypeImbalance, Imbalances, imbalance.Timestamp);

    public void OnCorrection(in TradeCorrection correction) =>
        Publish(correction, static (w, c) => w.Correction(c), TypeCorrection, Corrections, correction.Timestamp);

    public void OnCancel(in TradeCancel cancel) =>
        Publish(cancel, static (w, c) => w.Cancel(c), TypeCancel, CancelErrors, cancel.Timestamp);

    /// <summary>The rare record types (not trades, quotes, bars): one envelope each, no dedup, no ledger.</summary>
    private void Publish<T>(in T item, Func<EnvelopeWriter, T, TransportRecord> build, int type, int channel, NanoTimestamp ts)
    {
        TransportRecord record;
        try { record = build(_envelopes, item); }
        catch (ArgumentOutOfRangeException e) { Unencodable(type, channel, e); return; }
        Added(record, channel, ts);
    }

    public void OnOrderBook(in OrderBookUpdate update)
    {
        // Published as received (snapshot or delta), then applied to the lane's book; a level the envelope cannot
        // carry (non-finite) drops the envelope alone, the book skips and counts that level.
        Publish(update, static (w, o) => w.OrderBook(o), TypeOrderBook, OrderBooks, update.Timestamp);
        Books?.Apply(update, _envelopes.FrameIngestTs ?? NanoTimestamp.Now);
    }

    public void OnControl(ControlMessage control)
    {
        Controls.Add(control);
        Tally.Count(control.Kind switch
        {
            ControlKind.SubscriptionAck => "subscription",
            ControlKind.Error => "error",
            _ => "success",
        }, MessageOutcome.Control);
    }

    public void OnDecodeError(in DecodeError error)
    {
        Errors.Add(error);
        Tally.Count(error.MessageType, MessageOutcome.DecodeError);
    }

    public void OnUnknown(string messageType) => Tally.Count(messageType, MessageOutcome.UnknownType);

    private void Added(in TransportRecord record, int channel, NanoTimestamp ts)
    {
        Records.Add(record);
        Messages++;
        _lastEvent[channel] = ts;
        _seen[channel] = true;
        _perChannel[channel]++;
        if (ObserveLag is not null)
        {
            // Measured at the frame's receipt (its ingest time), not by a clock read per message.
            var now = _envelopes.FrameIngestTs ?? NanoTimestamp.Now;
            var lagMs = (now.UnixNanoseconds - ts.UnixNanoseconds) / 1e6;
            _lagReceivedAt = now;
            if (lagMs >= 0) AddLag(channel, lagMs);
        }
    }

    private void AddLag(int channel, double lagMs)
    {
        ref var lags = ref _lags[channel];
        var count = _lagCounts[channel];
        if (count == lags.Length) Array.Resize(ref lags, count * 2);
        lags[count] = lagMs;
        _lagCounts[channel] = count + 1;
    }

    private void Unencodable(int type, int channel, ArgumentOutOfRangeException e)
    {
        Tally.Count(type, MessageOutcome.Unencodable);
        Errors.Add(new DecodeError(-1, ChannelNames[channel], $"cannot build envelope: {e.Message}"));
    }
}
