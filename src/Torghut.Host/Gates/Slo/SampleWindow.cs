namespace Torghut.Host.Gates.Slo;

/// <summary>Timestamped samples kept for a bounded span; the base of the windowed SLOs.</summary>
internal sealed class SampleWindow<T>(TimeSpan keep)
{
    private readonly Queue<(DateTimeOffset At, T Value)> _samples = new();

    public void Add(DateTimeOffset at, T value)
    {
        _samples.Enqueue((at, value));
        while (_samples.Count > 0 && _samples.Peek().At < at - keep) _samples.Dequeue();
    }

    public IEnumerable<(DateTimeOffset At, T Value)> Since(DateTimeOffset from) => _samples.Where(s => s.At >= from);

    public IEnumerable<(DateTimeOffset At, T Value)> All => _samples;

    public void Clear() => _samples.Clear();
}

/// <summary>Increase of a monotonic counter over a window, Prometheus-style: a drop is a reset (a lane restarted).</summary>
internal sealed class CounterWindow(TimeSpan keep)
{
    private readonly SampleWindow<long> _samples = new(keep);
    private bool _any;

    public void Add(DateTimeOffset at, long value)
    {
        // The first sample counts from zero: the counters start at zero with the process or the lane.
        if (!_any) { _samples.Add(at - TimeSpan.FromTicks(1), 0); _any = true; }
        _samples.Add(at, value);
    }

    public long Increase(DateTimeOffset now, TimeSpan window)
    {
        long increase = 0;
        long? previous = null;
        foreach (var (at, value) in _samples.All)
        {
            // The last sample before the window is the baseline; increases after it count.
            if (at >= now - window && previous is { } p) increase += value >= p ? value - p : value;
            previous = value;
        }
        return increase;
    }
}
