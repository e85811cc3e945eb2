using Prometheus;
using Torghut.Host.Analysis;

namespace Torghut.Host.Metrics;

/// <summary>
/// The TA worker's store writes: up, failed attempts, current outage length. Exported only where a TA worker runs
/// (an ingest-only process has no store writes, and a 0 there would read as an outage).
/// </summary>
internal sealed class TaStoreMetrics(IMetricFactory f)
{
    private static readonly GaugeConfiguration Suppressed = new() { SuppressInitialValue = true };
    private static readonly CounterConfiguration SuppressedCounter = new() { SuppressInitialValue = true };
    private readonly Gauge _up = f.CreateGauge("torghut_ta_store_up", "1 while the TA worker's store writes get through, 0 during a store outage", Suppressed);
    private readonly Counter _failures = f.CreateCounter("torghut_ta_store_write_failures_total",
        "TA store writes that failed (each after the store's own quick retries) and were retried with backoff", SuppressedCounter);
    private readonly Gauge _outage = f.CreateGauge("torghut_ta_store_outage_seconds", "Length of the current TA store outage (0 when up)", Suppressed);

    public void Refresh(StoreWriteHealth? health)
    {
        if (health is null) return;
        var downSince = health.DownSince;
        _up.Set(downSince is null ? 1 : 0);
        _failures.IncTo(health.Failures);
        _outage.Set(downSince is { } since ? Math.Max(0, (DateTimeOffset.UtcNow - since).TotalSeconds) : 0);
    }
}
