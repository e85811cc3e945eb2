using System.Collections.Concurrent;

namespace Alpaca.Simulator.Rest;

/// <summary>
/// Fixed one-minute windows per API key (or "anonymous"), reported in Alpaca's X-Ratelimit-* headers.
/// A budget of 0 means unlimited; the headers then advertise Alpaca's paid-plan 10000.
/// </summary>
internal sealed class RateLimiter
{
    private const int UnlimitedAdvertised = 10_000;
    private readonly ConcurrentDictionary<string, (long Window, int Used)> _usage = new(StringComparer.Ordinal);

    public (bool Allowed, int Limit, int Remaining, long Reset) Take(string identity, int budget)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var window = now / 60;
        var entry = _usage.AddOrUpdate(identity, _ => (window, 1), (_, e) => e.Window == window ? (window, e.Used + 1) : (window, 1));
        var limit = budget > 0 ? budget : UnlimitedAdvertised;
        var allowed = budget <= 0 || entry.Used <= budget;
        return (allowed, limit, Math.Max(0, limit - entry.Used), (window + 1) * 60);
    }
}
