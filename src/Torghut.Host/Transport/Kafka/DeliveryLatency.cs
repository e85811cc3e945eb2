namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// Optional produce → acknowledgement latency of a publisher, as a 1 ms histogram over every
/// <c>sampleEvery</c>-th record: only sampled records carry a timestamp (in their own delivery handler), so the cost
/// stays one small allocation per sample. Quantiles are read while reports keep arriving; slightly stale is fine.
/// </summary>
public sealed class DeliveryLatency(int sampleEvery = 16)
{
    private const int MaxMs = 10_000;
    private readonly long[] _buckets = new long[MaxMs + 1]; // the last bucket holds everything ≥ 10 s
    private long _produced;

    /// <summary>Samples counted since the last <see cref="Reset"/>.</summary>
    public long Samples
    {
        get
        {
            var total = 0L;
            foreach (var b in _buckets) total += b; // 64-bit reads are atomic
            return total;
        }
    }

    /// <summary>Whether the record being produced now is sampled (called by the producing thread only).</summary>
    internal bool Sample() => ++_produced % sampleEvery == 0;

    internal void Observe(TimeSpan latency) =>
        Interlocked.Increment(ref _buckets[Math.Clamp((long)latency.TotalMilliseconds, 0, MaxMs)]);

    public void Reset() => Array.Clear(_buckets);

    /// <summary>The latency in whole ms at quantile <paramref name="q"/> (0..1) of the samples; NaN without samples.</summary>
    public double Percentile(double q)
    {
        var total = Samples;
        if (total == 0) return double.NaN;
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        var seen = 0L;
        for (var ms = 0; ms < _buckets.Length; ms++)
            if ((seen += _buckets[ms]) >= rank) return ms;
        return MaxMs;
    }
}
