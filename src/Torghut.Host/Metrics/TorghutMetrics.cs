using Prometheus;
using Torghut.Host.Composition;
using Torghut.Host.Ingest;
using Torghut.Host.Transport;
using Torghut.Host.Transport.Kafka;
using Torghut.Host.Health;

namespace Torghut.Host.Metrics;

/// <summary>
/// Prometheus metrics, named as upstream's forwarder exported them where one existed (torghut_ws_*). Counters and
/// gauges are refreshed from the modules' snapshots at scrape time, so no module depends on Prometheus; only the
/// ingest-lag histogram is observed per message. One registry per host, so hosts in one test process do not mix.
/// </summary>
public sealed class TorghutMetrics : Ingest.ILagObservers, IHostComponent
{
    private readonly Counter _messages, _messagesByType, _decodeErrors, _reconnects, _fetchSuccess, _fetchFailures, _backfillBars, _backfillPages,
        _backfillRetries, _backfillMalformed, _delivered, _deliveryFailed, _kafkaSuccess, _kafkaErrors, _backpressureWaits;
    private readonly Gauge _state, _subscribed, _ready, _gate, _fetchDegraded, _buffered, _sloOk, _sloObserved, _sloThreshold, _marketOpen;
    private readonly Histogram _lag;
    private readonly MonotonicTotals _totals = new();
    private readonly TaStoreMetrics _taStore;

    public TorghutMetrics(IIngestStatus ingest, ILaneCounts counts, IReadiness readiness, IEnumerable<IRecordPublisher> publishers, Gates.Slo.ISloStatus slo,
        Analysis.TaStatusBoard ta)
    {
        Registry = Prometheus.Metrics.NewCustomRegistry();
        // The runtime's own gauges (dotnet_total_memory_bytes: GC heap, process_working_set_bytes, GC counts): a soak
        // or a dashboard tells a leak from a working set that merely settled.
        DotNetStats.Register(Registry);
        var f = Prometheus.Metrics.WithCustomRegistry(Registry);
        _messages = f.CreateCounter("torghut_ws_provider_messages_total", "Venue messages turned into envelopes", "lane", "channel");
        _messagesByType = f.CreateCounter("torghut_ws_messages_total",
            "Every venue element by type (Alpaca letter, control type, or unknown) and outcome (published or why not)", "lane", "type", "outcome");
        _decodeErrors = f.CreateCounter("torghut_ws_decode_errors_total", "Frame elements that could not be decoded", "lane", "reason");
        _reconnects = f.CreateCounter("torghut_ws_reconnects_total", "Venue reconnects", "lane");
        _state = f.CreateGauge("torghut_ws_session_state", "1 for the lane's current session state", "lane", "state");
        _subscribed = f.CreateGauge("torghut_ws_subscribed_symbols", "Symbols in the venue's subscription echo", "lane", "channel");
        _ready = f.CreateGauge("torghut_ws_readyz_status", "1 when /readyz is ready");
        _gate = f.CreateGauge("torghut_ws_readyz_gate_status", "1 when a readiness gate passes", "gate");
        _fetchSuccess = f.CreateCounter("torghut_ws_desired_symbols_fetch_success_total", "Universe fetches that succeeded", "lane");
        _fetchFailures = f.CreateCounter("torghut_ws_desired_symbols_fetch_failures_total", "Universe fetches that failed (last-known list kept)", "lane");
        _fetchDegraded = f.CreateGauge("torghut_ws_desired_symbols_fetch_degraded", "1 while the last universe fetch failed", "lane");
        _backfillBars = f.CreateCounter("torghut_backfill_bars_total", "Bars published from REST backfill", "lane");
        _backfillPages = f.CreateCounter("torghut_backfill_pages_total", "REST pages read by backfill", "lane");
        _backfillRetries = f.CreateCounter("torghut_backfill_retries_total", "Backfill request retries (5xx, timeouts)", "lane");
        _backfillMalformed = f.CreateCounter("torghut_backfill_malformed_pages_total", "Backfill pages that were not valid", "lane");
        _delivered = f.CreateCounter("torghut_transport_delivered_total", "Records acknowledged by the transport");
        _deliveryFailed = f.CreateCounter("torghut_transport_failed_total", "Records the transport failed to deliver");
        _buffered = f.CreateGauge("torghut_transport_buffered_records", "Records buffered, not yet acknowledged");
        _kafkaSuccess = f.CreateCounter("torghut_ws_kafka_produce_success_total", "Kafka deliveries", "topic");
        _kafkaErrors = f.CreateCounter("torghut_ws_kafka_produce_errors_total", "Kafka delivery failures", "topic", "error_class");
        _backpressureWaits = f.CreateCounter("torghut_transport_backpressure_waits_total", "Times a publish waited for buffer room (venue reader paused)");
        _lag = LagHistogram.Create(f);
        // SLO verdicts (docs/slo.md). A series exists only where its SLO was evaluated: ok is 1 in session or outside it
        // (not_in_session is never a breach), 0 when breached; observed is left out when there is no value (no NaN).
        _sloOk = f.CreateGauge("torghut_slo_ok", "1 when the SLO holds (or the lane's market is closed), 0 when breached", "slo", "lane");
        _sloObserved = f.CreateGauge("torghut_slo_observed", "The SLO's observed value over its window", "slo", "lane");
        _sloThreshold = f.CreateGauge("torghut_slo_threshold", "The SLO's threshold", "slo", "lane");
        _marketOpen = f.CreateGauge("torghut_market_open", "1 while the lane's market is in session (crypto always)", "lane");
        _taStore = new TaStoreMetrics(f);
        Registry.AddBeforeCollectCallback(() =>
        {
            Refresh(ingest, counts, readiness, publishers.FirstOrDefault());
            RefreshSlo(slo.Current);
            _taStore.Refresh(ta.StoreWrites);
        });
    }

    public CollectorRegistry Registry { get; }

    /// <summary>The lane's observer into the ingest lag histogram.</summary>
    public LagObserver For(string lane) => LagHistogram.Observer(_lag, lane);

    private void RefreshSlo(Gates.Slo.SloSnapshot snapshot)
    {
        var live = new HashSet<(string, string)>();
        foreach (var r in snapshot.Results)
        {
            if (r.State == Gates.Slo.SloStates.NoData) continue;
            live.Add((r.Slo, r.Lane));
            _sloOk.WithLabels(r.Slo, r.Lane).Set(r.Breached ? 0 : 1);
            _sloThreshold.WithLabels(r.Slo, r.Lane).Set(r.Threshold);
            if (r.Observed is { } observed && double.IsFinite(observed)) _sloObserved.WithLabels(r.Slo, r.Lane).Set(observed);
            else _sloObserved.RemoveLabelled(r.Slo, r.Lane);
        }
        // A lane switched off (or an SLO no longer evaluated) stops exporting instead of freezing its last verdict.
        foreach (var labels in _sloOk.GetAllLabelValues().ToList())
            if (!live.Contains((labels[0], labels[1])))
            {
                _sloOk.RemoveLabelled(labels);
                _sloObserved.RemoveLabelled(labels);
                _sloThreshold.RemoveLabelled(labels);
            }
        foreach (var (lane, open) in snapshot.MarketOpen) _marketOpen.WithLabels(lane).Set(open ? 1 : 0);
    }

    /// <summary>
    /// Per-process totals of per-instance counts, so a lane restart neither freezes nor rewinds them. One scrape at a
    /// time: two at once could apply a stopped instance's final count after its successor's, and lose it.
    /// </summary>
    private void RefreshCounters(ILaneCounts counts)
    {
        lock (_totals)
        {
            foreach (var c in counts.TakeCounts())
            {
                void Count(Counter counter, long n, params string[] labels) =>
                    counter.WithLabels(labels).IncTo(_totals.Observe($"{counter.Name}|{string.Join('|', labels)}", c.Instance, n));
                foreach (var (channel, n) in c.Session.MessagesPerChannel) Count(_messages, n, c.Lane, channel);
                foreach (var (type, outcomes) in c.Session.MessagesByType)
                    foreach (var (outcome, n) in outcomes) Count(_messagesByType, n, c.Lane, type, outcome);
                foreach (var (reason, n) in c.Session.DecodeErrorsByReason) Count(_decodeErrors, n, c.Lane, reason);
                Count(_reconnects, c.Session.Reconnects, c.Lane);
                if (c.Universe is { } u)
                {
                    Count(_fetchSuccess, u.Successes, c.Lane);
                    Count(_fetchFailures, u.Failures, c.Lane);
                }
                if (c.Backfill is { } b)
                {
                    Count(_backfillBars, b.Bars, c.Lane);
                    Count(_backfillPages, b.Pages, c.Lane);
                    Count(_backfillRetries, b.Retries, c.Lane);
                    Count(_backfillMalformed, b.MalformedPages, c.Lane);
                }
            }
        }
    }

    private void Refresh(IIngestStatus ingest, ILaneCounts counts, IReadiness readiness, IRecordPublisher? publisher)
    {
        RefreshCounters(counts);
        foreach (var (lane, s) in ingest.Sessions)
        {
            foreach (var state in Enum.GetValues<SessionState>())
                _state.WithLabels(lane, state.ToString().ToLowerInvariant()).Set(state == s.State ? 1 : 0);
            foreach (var (channel, symbols) in s.Subscribed) _subscribed.WithLabels(lane, channel).Set(symbols.Count);
        }
        foreach (var (lane, u) in ingest.Universes) _fetchDegraded.WithLabels(lane).Set(u.Degraded ? 1 : 0);
        var report = readiness.Evaluate();
        _ready.Set(report.Ready ? 1 : 0);
        foreach (var (gate, ok) in report.Gates) _gate.WithLabels(gate).Set(ok ? 1 : 0);
        if (publisher is null) return;
        var health = publisher.Health;
        _delivered.IncTo(health.Delivered);
        _deliveryFailed.IncTo(health.Failed);
        _buffered.Set(health.Buffered);
        if (publisher is KafkaRecordPublisher kafka)
        {
            var stats = kafka.Stats;
            _backpressureWaits.IncTo(stats.BackpressureWaits);
            foreach (var (topic, n) in stats.SuccessByTopic) _kafkaSuccess.WithLabels(topic).IncTo(n);
            foreach (var ((topic, errorClass), n) in stats.FailuresByTopicAndClass) _kafkaErrors.WithLabels(topic, errorClass).IncTo(n);
        }
    }
}
