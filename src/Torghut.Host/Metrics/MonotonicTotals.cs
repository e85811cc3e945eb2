namespace Torghut.Host.Metrics;

/// <summary>
/// Per-process totals built from per-instance totals. A lane instance (a flag flip, a plugin reload, a restart
/// after a failure) counts from 0; exporting its totals with IncTo froze the Prometheus counter until the new
/// instance overtook the old one. Here each series remembers the last total it saw from the current instance and
/// adds the difference; a new instance's whole total is new counts. The result never goes back and never stands
/// still while some instance counts on.
/// </summary>
public sealed class MonotonicTotals
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (long Instance, long Seen, long Total)> _series = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="instance"/> has counted <paramref name="instanceTotal"/> so far; returns the process total.</summary>
    public long Observe(string series, long instance, long instanceTotal)
    {
        lock (_gate)
        {
            var known = _series.TryGetValue(series, out var s);
            if (known && instance < s.Instance) return s.Total; // a late reading of an instance already replaced
            // A total that went back within one instance would be a bug in its source: count it as a fresh start
            // rather than freeze the series until it catches up.
            var delta = !known || s.Instance != instance || instanceTotal < s.Seen ? instanceTotal : instanceTotal - s.Seen;
            var next = (instance, instanceTotal, s.Total + Math.Max(0, delta));
            _series[series] = next;
            return next.Item3;
        }
    }
}
