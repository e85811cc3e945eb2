using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Ingest.Backfill;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest.Repair;

/// <summary>
/// Keeps a lane's record complete. The topics are the durable record: at start the lane reads their tail to learn,
/// per symbol, the newest bar, trade and quote already published (and their identities near the end). Every time the
/// session becomes ready (start, reconnect after a drop, a silent socket, a 407) each symbol gets a hole from where
/// its record ends to now; a record the transport gave up on is a hole too. Holes are repaired one at a time beside
/// the session (never in its read loop) from the venue's history: bars through <see cref="IBackfillSource"/>, trades
/// and quotes through the optional <see cref="IMarketHistorySource"/> (plugins without it get bars only). What is
/// already in the record is never published again (bars by version, trades and quotes by venue identity). A hole
/// whose repair fails stays open and is retried.
/// </summary>
public sealed partial class LaneRepair
{
    private static readonly TimeSpan TailRecent = TimeSpan.FromMinutes(15);

    private readonly LanePlan _plan;
    private readonly IRecordPublisher _publisher;
    private readonly ITopicReader _reader;
    private readonly TopicMap _topics;
    private readonly RepairOptions _options;
    private readonly RepairStats _stats;
    private readonly ILogger _logger;
    private readonly Func<IReadOnlyCollection<string>> _symbols;
    private readonly BarBackfiller? _bars;
    private readonly HistoryRepairer? _history;
    private readonly object _gate = new();
    private readonly Dictionary<(string Symbol, RepairChannel Channel), Hole> _holes = new();
    private readonly SemaphoreSlim _wake = new(0);
    private volatile bool _flowing = true;
    private DateTime _readyAt;

    public LaneRepair(LanePlan plan, VenueCredentials credentials, IRecordPublisher publisher, ITopicReader reader, TopicMap topics,
        EnvelopeWriter envelopes, RepairOptions options, HttpClient http, RepairStats stats, ILogger logger, Func<IReadOnlyCollection<string>> symbols)
    {
        _plan = plan;
        _publisher = publisher;
        _reader = reader;
        _topics = topics;
        _options = options;
        _stats = stats;
        _logger = logger;
        _symbols = symbols;
        // Identities are needed for the lateness overlap at a hole's start; a pending repair pins its own window.
        var retention = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, (options.Lateness + TimeSpan.FromSeconds(30)).Ticks));
        var backfillOptions = new BackfillOptions();
        if (plan.Backfill is { } backfill && options.Bars)
            _bars = new BarBackfiller(backfill, credentials, http, bar => envelopes.Bar(bar, EnvelopeSource.Rest), publisher, logger, backfillOptions, stats.Pages)
            {
                AlreadyPublished = bar => !Bars.Changes(bar),
                Published = bar => Bars.Add(bar with { Kind = BarKind.Historical }),
            };
        if (plan.Backfill is IMarketHistorySource history)
        {
            _history = new HistoryRepairer(history, new PageFetcher(http, credentials, logger, backfillOptions, stats.Pages), publisher, envelopes,
                stats.Pages, backfillOptions, logger);
            if (options.Trades && history.SupportsHistory(HistoryKind.Trades)) Trades = new PublishedEvents(retention);
            if (options.Quotes && history.SupportsHistory(HistoryKind.Quotes)) Quotes = new PublishedEvents(retention);
        }
    }

    /// <summary>How long trade and quote repairs wait for the stream to flow after a ready (the session's silence threshold).</summary>
    public TimeSpan FlowWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The bars the record holds (live, repaired, or read back at start).</summary>
    public PublishedBars Bars { get; } = new();

    /// <summary>Trades the record holds, by identity; null when trades are not repaired (no history, or turned off).</summary>
    public PublishedEvents? Trades { get; }

    /// <summary>Quotes the record holds, by identity; null when quotes are not repaired.</summary>
    public PublishedEvents? Quotes { get; }

    /// <summary>A live event the record already held (a repair published it first) was dropped.</summary>
    public void LiveDuplicate() => _stats.LiveDuplicate();

    private enum RepairChannel { Bars, Trades, Quotes }

    /// <summary>
    /// A window of one symbol's channel missing from the record; End null: up to the venue's now. RecheckSince: the
    /// hole came from records the transport gave up on, which the broker may have stored anyway; the topic is read
    /// again from then before repairing, so such a record is not published twice.
    /// </summary>
    private sealed record Hole(NanoTimestamp Start, NanoTimestamp? End, DateTime OpenedAt, DateTimeOffset? RecheckSince = null,
        DateTime? FailedAt = null);

    /// <summary>
    /// Called synchronously when the session is fully subscribed, before it reads the next frame: what the record holds
    /// now is exactly what precedes the hole.
    /// </summary>
    public void OnSessionReady()
    {
        _flowing = false;
        _readyAt = DateTime.UtcNow;
        OpenHoles();
    }

    /// <summary>A silent, subscribed socket speaks again: its silence may have skipped data. The stream flows again.</summary>
    public void OnSilenceEnded()
    {
        OpenHoles();
        OnStreamFlowing();
    }

    /// <summary>
    /// The stream delivers data again after a ready. Trade and quote holes wait for this (at most
    /// <see cref="FlowWait"/>): fetched while the socket is still silent, a repair would end before the stream's first
    /// event and leave a gap between them. If the stream stays silent longer, the repair runs anyway and the silence's
    /// end (<see cref="OnSilenceEnded"/>) repairs again.
    /// </summary>
    public void OnStreamFlowing()
    {
        _flowing = true;
        _wake.Release();
    }

    private void OpenHoles()
    {
        var now = VenueNow();
        lock (_gate)
        {
            foreach (var symbol in _symbols())
            {
                if (_bars is not null)
                {
                    var lookback = now.AddNanoseconds(-_options.BarsLookback.Ticks * 100);
                    // From a little before the newest minute held: its update may have been missed with the drop.
                    var start = Bars.Newest(symbol) is { } newest ? Later(newest.AddNanoseconds(-Math.Max(_options.Lateness.Ticks, TimeSpan.FromMinutes(2).Ticks) * 100), lookback) : lookback;
                    Open(symbol, RepairChannel.Bars, new Hole(MinuteFloor(start), null, DateTime.UtcNow));
                }
                OpenEvents(symbol, RepairChannel.Trades, Trades, now);
                OpenEvents(symbol, RepairChannel.Quotes, Quotes, now);
            }
            Pin();
        }
        _wake.Release();
    }

    private void OpenEvents(string symbol, RepairChannel channel, PublishedEvents? published, NanoTimestamp now)
    {
        // A symbol the record has never held starts with the stream: there is nothing of it to repair.
        if (published?.Newest(symbol) is not { } newest) return;
        var cap = now.AddNanoseconds(-_options.TradesLookback.Ticks * 100);
        var start = Later(newest.AddNanoseconds(-_options.Lateness.Ticks * 100), cap);
        // Up to the venue's now when the page is fetched: whatever the stream also delivers meanwhile is deduplicated
        // by identity, so the hole's end needs no clock of ours (a simulator may run faster than the wall).
        Open(symbol, channel, new Hole(start, null, DateTime.UtcNow));
    }

    /// <summary>The venue's now as the lane knows it: the newest event it holds, or the wall clock if later.</summary>
    private NanoTimestamp VenueNow()
    {
        var now = NanoTimestamp.Now;
        foreach (var symbol in _symbols())
        {
            if (Trades?.Newest(symbol) is { } t && t > now) now = t;
            if (Quotes?.Newest(symbol) is { } q && q > now) now = q;
            if (Bars.Newest(symbol) is { } b && b.AddNanoseconds(60_000_000_000L) > now) now = b.AddNanoseconds(60_000_000_000L);
        }
        return now;
    }

    /// <summary>A record the transport gave up on: forget it as published and repair its instant.</summary>
    public void OnDeliveryFailed(DeliveryFailure failure)
    {
        var record = failure.Record;
        var since = failure.ProducedAfter;
        if (record.Topic != _topics.Trades && record.Topic != _topics.Quotes && record.Topic != _topics.Bars && record.Topic != _topics.Status) return;
        if (!_symbols().Contains(record.Key)) return;
        if (!EnvelopeFacts.TryParse(record.Value, out var facts)) return;
        lock (_gate)
        {
            switch (facts.Channel)
            {
                case "trades" when Trades is not null:
                    Trades.Remove(facts.Symbol, facts.Key!.Value);
                    Open(facts.Symbol, RepairChannel.Trades, new Hole(facts.EventTs, facts.EventTs.AddNanoseconds(1), DateTime.UtcNow, since, DateTime.UtcNow));
                    break;
                case "quotes" when Quotes is not null:
                    Quotes.Remove(facts.Symbol, facts.Key!.Value);
                    Open(facts.Symbol, RepairChannel.Quotes, new Hole(facts.EventTs, facts.EventTs.AddNanoseconds(1), DateTime.UtcNow, since, DateTime.UtcNow));
                    break;
                case "bars" or "updatedBars" when _bars is not null:
                    Bars.Forget(facts.Symbol, facts.EventTs);
                    Open(facts.Symbol, RepairChannel.Bars, new Hole(facts.EventTs, facts.EventTs, DateTime.UtcNow, since, DateTime.UtcNow));
                    break;
                default:
                    _stats.Lost();
                    return;
            }
            Pin();
        }
        _wake.Release();
    }

    private void Open(string symbol, RepairChannel channel, Hole hole)
    {
        _stats.Symbol(symbol).Opened();
        if (_holes.TryGetValue((symbol, channel), out var held))
        {
            // One hole per symbol and channel: the union's hull (whatever lies between is deduplicated anyway).
            hole = new Hole(Earlier(held.Start, hole.Start), held.End is null || hole.End is null ? null : Later(held.End.Value, hole.End.Value),
                held.OpenedAt < hole.OpenedAt ? held.OpenedAt : hole.OpenedAt,
                held.RecheckSince is { } a && hole.RecheckSince is { } b ? (a < b ? a : b) : held.RecheckSince ?? hole.RecheckSince,
                held.FailedAt is { } x && hole.FailedAt is { } y ? (x > y ? x : y) : held.FailedAt ?? hole.FailedAt);
        }
        _holes[(symbol, channel)] = hole;
        CountOpen(symbol);
    }

    private void CountOpen(string symbol) => _stats.Symbol(symbol).SetOpen(_holes.Keys.Count(k => k.Symbol == symbol));

    /// <summary>Keeps identities a pending repair may meet (its window) from being pruned. Under the lock.</summary>
    private void Pin()
    {
        NanoTimestamp? Floor(RepairChannel c) =>
            _holes.Where(h => h.Key.Channel == c).Select(h => (NanoTimestamp?)h.Value.Start).DefaultIfEmpty(null).Min();
        Trades?.PinFrom(Floor(RepairChannel.Trades));
        Quotes?.PinFrom(Floor(RepairChannel.Quotes));
    }

    private static NanoTimestamp Later(NanoTimestamp a, NanoTimestamp b) => a > b ? a : b;
    private static NanoTimestamp Earlier(NanoTimestamp a, NanoTimestamp b) => a < b ? a : b;
    private static NanoTimestamp MinuteFloor(NanoTimestamp t) => new(t.UnixNanoseconds - ((t.UnixNanoseconds % 60_000_000_000L) + 60_000_000_000L) % 60_000_000_000L);
}
