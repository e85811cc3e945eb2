using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Lanes;

/// <summary>
/// The lane supervisor's settings, read once by the composition root (docs/adr/0070-options-records.md): the lanes
/// this host knows (built-in and TORGHUT_LANES) and the backstop reconcile interval. The planner still reads each
/// lane's own keys and its plugin's settings from configuration (ADR 0070, not migrated yet).
/// </summary>
public sealed record LanesOptions(IReadOnlyList<LaneDefinition> Definitions, TimeSpan Reconcile)
{
    /// <summary>Called by the composition root only.</summary>
    public static LanesOptions From(IConfiguration configuration) =>
        new(LaneDefinition.Read(configuration), LanesCatalogue.Reconcile.Read(configuration));
}
