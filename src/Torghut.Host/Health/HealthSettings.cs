using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Health;

/// <summary>
/// HEALTH_STALL_AFTER_MS (default 120000): how far behind its heartbeat a loop that should be ticking may fall before
/// /healthz answers 503. HEALTH_NOT_READY_KILL_AFTER_MS, which used to restart a process merely not ready for that
/// long, is read as its old name when the new one is unset (docs/adr/0001-health-semantics.md).
/// </summary>
public sealed record HealthSettings(TimeSpan StallAfter, bool DeprecatedName)
{
    public static HealthSettings From(IConfiguration configuration)
    {
        // The catalogue reads the old name as an alias of the new one; only which of them was set is decided here.
        var deprecated = string.IsNullOrWhiteSpace(configuration[HealthKeys.StallAfterMs]) &&
                         !string.IsNullOrWhiteSpace(configuration[HealthKeys.NotReadyKillAfterMs]);
        return new(HealthCatalogue.StallAfter.Read(configuration), deprecated);
    }
}
