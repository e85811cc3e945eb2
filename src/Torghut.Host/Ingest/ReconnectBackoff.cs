namespace Torghut.Host.Ingest;

/// <summary>
/// Upstream's reconnect policy (§3.5): attempt n waits base·2^(n−1), capped at max, times a uniform jitter in
/// [0.8, 1.2], clamped to [base, max]. Reset once a session is ready, so a flapping link backs off but a healthy one
/// that drops once reconnects at once.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public int Attempt { get; private set; }

    public static ReconnectBackoff Default() => new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    public TimeSpan Next()
    {
        Attempt++;
        var exponent = Math.Min(Attempt - 1, 30);
        var raw = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var jittered = raw * (0.8 + 0.4 * _random.NextDouble());
        return TimeSpan.FromMilliseconds(Math.Clamp(jittered, baseDelay.TotalMilliseconds, maxDelay.TotalMilliseconds));
    }

    public void Reset() => Attempt = 0;
}
