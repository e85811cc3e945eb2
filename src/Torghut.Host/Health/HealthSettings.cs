using Microsoft.Extensions.Configuration;

namespace Torghut.Host.Health;

/// <summary>
/// HEALTH_STALL_AFTER_MS (default 120000): how far behind its heartbeat a loop that should be ticking may fall before
/// /healthz answers 503. HEALTH_NOT_READY_KILL_AFTER_MS, which used to restart a process merely not ready for that
/// long, is read as its old name when the new one is unset (docs/adr/0001-health-semantics.md).
/// </summary>
public sealed record HealthSettings(TimeSpan StallAfter, bool DeprecatedName)
{
    private const int DefaultMs = 120_000;

    public static HealthSettings From(IConfiguration configuration)
    {
        if (Ms(configuration[HealthKeys.StallAfterMs]) is { } ms) return new(TimeSpan.FromMilliseconds(ms), false);
        if (Ms(configuration[HealthKeys.NotReadyKillAfterMs]) is { } old) return new(TimeSpan.FromMilliseconds(old), true);
        return new(TimeSpan.FromMilliseconds(DefaultMs), false);
    }

    private static int? Ms(string? raw) => int.TryParse(raw, out var ms) && ms > 0 ? ms : null;
}
