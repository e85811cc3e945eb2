using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Composition;
using Torghut.Host.Gates.Calendar;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Storage;
using Torghut.Host.Transport;

namespace Torghut.Host.Gates.Slo;

/// <summary>
/// Evaluates the data SLOs every SLO_EVAL_INTERVAL_MS: per enabled lane — WS readiness availability, ingest freshness
/// p95, TA freshness, pair coverage, universe fetch failures — and process-wide Kafka delivery failures. Crypto lanes
/// are evaluated 24/7; equity lanes only in session (outside: not_in_session, never a breach). Each process evaluates
/// what it runs: ingest SLOs where lanes run (role all/ingest), store SLOs where the TA worker has a store (all/ta).
/// </summary>
public sealed class SloEvaluator : BackgroundService, ISloStatus, IHostComponent
{
    private readonly IIngestStatus _ingest;
    private readonly ILaneSupervisor _lanes;
    private readonly ILanePlanner _planner;
    private readonly Func<ITaStore?> _store;
    private readonly Func<TransportHealth?> _transport;
    private readonly IIngestLag _lag;
    private readonly IMarketHours _hours;
    private readonly HostRole _role;
    private readonly ILogger _logger;
    private readonly Dictionary<string, SampleWindow<bool>> _readiness = new();
    private readonly Dictionary<string, bool> _everReady = new();
    private readonly Dictionary<string, CounterWindow> _universeFailures = new();
    private readonly CounterWindow _kafkaFailures;
    private SloSnapshot _current = SloSnapshot.Empty;
    private DateTimeOffset? _firstEvaluation;

    public SloEvaluator(IIngestStatus ingest, ILaneSupervisor lanes, ILanePlanner planner, TaStoreHandle stores, IEnumerable<IRecordPublisher> publishers,
        IIngestLag lag, IMarketHours hours, GatesOptions options, HostRole role, ILogger<SloEvaluator> logger)
        : this(ingest, lanes, planner, () => stores.Current, () => publishers.FirstOrDefault()?.Health, lag, hours, options, logger, role)
    {
    }

    internal SloEvaluator(IIngestStatus ingest, ILaneSupervisor lanes, ILanePlanner planner, Func<ITaStore?> store, Func<TransportHealth?> transport,
        IIngestLag lag, IMarketHours hours, GatesOptions options, ILogger logger, HostRole role = HostRole.All)
    {
        (_ingest, _lanes, _planner, _store, _transport, _lag, _hours, _logger) = (ingest, lanes, planner, store, transport, lag, hours, logger);
        Settings = options.Slo;
        _role = role;
        _kafkaFailures = new CounterWindow(Settings.KafkaWindow + TimeSpan.FromMinutes(1));
    }

    public SloSettings Settings { get; }

    public SloSnapshot Current => Volatile.Read(ref _current);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Settings.Interval);
        try
        {
            do
            {
                try { await EvaluateAsync(DateTimeOffset.UtcNow, stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException) { _logger.LogError(e, "SLO evaluation failed"); }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    /// <summary>One evaluation at <paramref name="now"/>; also publishes the snapshot.</summary>
    public async Task<SloSnapshot> EvaluateAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var s = Settings;
        _firstEvaluation ??= now;
        var results = new List<SloResult>();
        var marketOpen = new Dictionary<string, bool>();
        var runsLanes = _role.RunsLanes();
        var store = _role.RunsTaWorker() ? _store() : null;
        var sessions = _ingest.Sessions;
        var universes = _ingest.Universes;
        var states = _lanes.States.ToDictionary(l => l.Name);
        var plans = (await _planner.PlanAllAsync()).Where(p => p.Enabled).ToList();
        IReadOnlyDictionary<string, (long Microbars, long Signals)>? coverage = null;
        string? storeError = null;
        if (store is not null && plans.Count > 0)
        {
            try { coverage = await store.RowCountsAsync(Nano(now - s.CoverageWindow), Nano(now + TimeSpan.FromHours(1)), cancellationToken); }
            catch (Exception e) when (e is StorageException or HttpRequestException or InvalidOperationException or IOException)
            {
                storeError = $"store unreachable: {e.Message}";
            }
        }

        foreach (var plan in plans)
        {
            var lane = plan.Name;
            var open = _hours.IsOpen(plan.Market, now);
            marketOpen[lane] = open;
            sessions.TryGetValue(lane, out var session);
            var symbols = session is not null && session.Subscribed.Count > 0
                ? session.Subscribed.Values.SelectMany(v => v).Where(v => v != "*").Distinct().Order().ToList()
                : plan.Symbols.ToList();

            if (runsLanes)
            {
                var readinessResult = Readiness(lane, open, session, states.GetValueOrDefault(lane), now);
                results.Add(readinessResult);
                results.Add(IngestFreshness(lane, open, session));
                results.Add(UniverseFailures(lane, open, universes.GetValueOrDefault(lane), now));
            }
            if (_role.RunsTaWorker())
            {
                results.Add(await TaFreshnessAsync(lane, open, symbols, store, storeError, now, cancellationToken));
                results.Add(Coverage(lane, open, symbols, store, storeError, coverage));
            }
        }
        results.Add(KafkaFailures(now));

        var snapshot = new SloSnapshot(now, results, marketOpen, _hours.EquityCalendar.Exchange, _hours.EquityCalendar.CoversTo);
        Volatile.Write(ref _current, snapshot);
        return snapshot;
    }

    private SloResult Readiness(string lane, bool open, SessionSnapshot? session, LaneState? state, DateTimeOffset now)
    {
        var s = Settings;
        var result = new SloResult(SloNames.WsReadinessAvailability, lane, SloStates.NoData, null, s.ReadinessTarget, SloComparison.AtLeast,
            s.ReadinessWindow.TotalSeconds, null);
        if (!_readiness.TryGetValue(lane, out var window))
            _readiness[lane] = window = new SampleWindow<bool>(s.ReadinessWindow);
        if (!open) return result with { State = SloStates.NotInSession };
        var ready = session?.Ready == true;
        if (ready) _everReady[lane] = true;
        // A starting lane is warming up, not unavailable: until it is first ready, and for at most the grace period.
        // (A lane the supervisor has not started yet counts from the evaluator's first tick.)
        var starting = !_everReady.GetValueOrDefault(lane) && now - (state?.Since ?? _firstEvaluation!.Value) < s.ReadinessGrace;
        if (state is { Running: false }) _everReady[lane] = false;
        if (!starting) window.Add(now, ready);
        var samples = window.Since(now - s.ReadinessWindow).ToList();
        if (samples.Count == 0) return result with { Detail = "lane starting" };
        var availability = samples.Count(x => x.Value) / (double)samples.Count;
        var holds = SloResult.Holds(availability, s.ReadinessTarget, SloComparison.AtLeast);
        return result with
        {
            State = holds ? SloStates.Ok : SloStates.Breached, Observed = availability,
            Detail = $"{samples.Count(x => x.Value)}/{samples.Count} samples ready" + (ready ? "" : $"; now not ready: {session?.ErrorClass ?? session?.Problem ?? "no session"}"),
        };
    }

    private SloResult IngestFreshness(string lane, bool open, SessionSnapshot? session)
    {
        var s = Settings;
        var result = new SloResult(SloNames.IngestFreshnessP95, lane, SloStates.NoData, null, s.IngestP95Seconds, SloComparison.Below,
            s.IngestWindow.TotalSeconds, null);
        if (!open) return result with { State = SloStates.NotInSession };
        var p95 = _lag.QuantileMs(lane, 0.95, s.IngestWindow);
        if (p95 is null)
            return session is null
                ? result with { Detail = "lane not running in this process" }
                : result with { State = SloStates.Breached, Detail = "no trades or quotes received in the window" };
        var seconds = p95.Value / 1000;
        return result with
        {
            State = SloResult.Holds(seconds, s.IngestP95Seconds, SloComparison.Below) ? SloStates.Ok : SloStates.Breached,
            Observed = seconds, Detail = $"{_lag.Count(lane, s.IngestWindow)} trades/quotes",
        };
    }

    private SloResult UniverseFailures(string lane, bool open, UniverseHealth? health, DateTimeOffset now)
    {
        var s = Settings;
        if (!_universeFailures.TryGetValue(lane, out var counter))
            _universeFailures[lane] = counter = new CounterWindow(s.UniverseWindow + TimeSpan.FromMinutes(1));
        if (health is not null) counter.Add(now, health.Failures);
        var result = new SloResult(SloNames.UniverseFetchFailures, lane, SloStates.NoData, null, s.UniverseMaxFailures, SloComparison.AtMost,
            s.UniverseWindow.TotalSeconds, null);
        if (!open) return result with { State = SloStates.NotInSession };
        if (health is null) return result with { Detail = "lane not running in this process" };
        var failures = counter.Increase(now, s.UniverseWindow);
        return result with
        {
            State = SloResult.Holds(failures, s.UniverseMaxFailures, SloComparison.AtMost) ? SloStates.Ok : SloStates.Breached,
            Observed = failures, Detail = health.LastFailure is { } last && failures > 0 ? $"last failure: {last}" : null,
        };
    }

    private SloResult KafkaFailures(DateTimeOffset now)
    {
        var s = Settings;
        var result = new SloResult(SloNames.KafkaDeliveryFailures, SloNames.AllLanes, SloStates.NoData, null, s.KafkaMaxFailures, SloComparison.AtMost,
            s.KafkaWindow.TotalSeconds, null);
        if (_transport() is not { } health) return result with { Detail = "no transport in this process" };
        _kafkaFailures.Add(now, health.Failed);
        var failures = _kafkaFailures.Increase(now, s.KafkaWindow);
        return result with
        {
            State = SloResult.Holds(failures, s.KafkaMaxFailures, SloComparison.AtMost) ? SloStates.Ok : SloStates.Breached,
            Observed = failures, Detail = health.ErrorClass is { } error && failures > 0 ? $"last error class: {error}" : null,
        };
    }

    private async Task<SloResult> TaFreshnessAsync(string lane, bool open, IReadOnlyList<string> symbols, ITaStore? store, string? storeError,
        DateTimeOffset now, CancellationToken ct)
    {
        var s = Settings;
        var result = new SloResult(SloNames.TaFreshness, lane, SloStates.NoData, null, s.TaFreshnessMaxSeconds, SloComparison.Below, 0, null);
        if (!open) return result with { State = SloStates.NotInSession };
        if (store is null) return result with { State = SloStates.Breached, Detail = "TA worker has no store (not started)" };
        if (storeError is not null) return result with { State = SloStates.Breached, Detail = storeError };
        // The worst pair decides: one stalled pair blocks its trading even when the others are fresh. One bounded read
        // for the whole universe; a pair with nothing in the look-back is listed as without signals (breached: it is
        // past the threshold either way).
        var lookBack = TaFreshnessLookBack(s);
        var lags = new Dictionary<string, double?>();
        try
        {
            var recent = await store.RecentFreshnessAsync(symbols, Nano(now - lookBack), ct);
            foreach (var symbol in symbols)
                lags[symbol] = recent.GetValueOrDefault(symbol)?.MaxSignalEventTs is { } newest ? (now - newest.ToDateTimeOffset()).TotalSeconds : null;
        }
        catch (Exception e) when (e is StorageException or HttpRequestException or InvalidOperationException or IOException)
        {
            return result with { State = SloStates.Breached, Detail = $"store unreachable: {e.Message}" };
        }
        var within = $"in the last {lookBack.TotalMinutes:0} min";
        var known = lags.Where(kv => kv.Value is not null).ToList();
        if (known.Count == 0) return result with { State = SloStates.Breached, Detail = $"no signals {within} for " + string.Join(",", symbols) };
        var worst = known.MaxBy(kv => kv.Value!.Value);
        var missing = lags.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList();
        var holds = SloResult.Holds(worst.Value!.Value, s.TaFreshnessMaxSeconds, SloComparison.Below) && missing.Count == 0;
        return result with
        {
            State = holds ? SloStates.Ok : SloStates.Breached, Observed = Math.Max(0, worst.Value!.Value),
            Detail = $"worst {worst.Key}" + (missing.Count > 0 ? $"; no signals {within}: {string.Join(",", missing)}" : ""),
        };
    }

    /// <summary>How far back the TA freshness read looks: an hour, or twice the threshold when that is longer.</summary>
    internal static TimeSpan TaFreshnessLookBack(SloSettings s) => TimeSpan.FromSeconds(Math.Max(3600, 2 * s.TaFreshnessMaxSeconds));

    private SloResult Coverage(string lane, bool open, IReadOnlyList<string> symbols, ITaStore? store, string? storeError,
        IReadOnlyDictionary<string, (long Microbars, long Signals)>? rows)
    {
        var s = Settings;
        var result = new SloResult(SloNames.PairCoverage, lane, SloStates.NoData, null, 1.0, SloComparison.AtLeast, s.CoverageWindow.TotalSeconds, null);
        if (!open) return result with { State = SloStates.NotInSession };
        if (store is null) return result with { State = SloStates.Breached, Detail = "TA worker has no store (not started)" };
        if (storeError is not null || rows is null) return result with { State = SloStates.Breached, Detail = storeError ?? "store not queried" };
        if (symbols.Count == 0) return result with { Detail = "no desired symbols" };
        var missing = symbols.Where(x => !rows.TryGetValue(x, out var r) || r.Microbars == 0 || r.Signals == 0).ToList();
        var covered = (symbols.Count - missing.Count) / (double)symbols.Count;
        return result with
        {
            State = missing.Count == 0 ? SloStates.Ok : SloStates.Breached, Observed = covered,
            Detail = missing.Count == 0 ? $"{symbols.Count} pairs" : $"no microbars+signals: {string.Join(",", missing)}",
        };
    }

    private static NanoTimestamp Nano(DateTimeOffset t) => NanoTimestamp.FromDateTimeOffset(t);
}
