using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Analysis;

/// <summary>
/// How many dashboard streams the TA broadcast serves at once (TORGHUT_SSE_MAX_CLIENTS), read once by the composition
/// root (docs/adr/0070-options-records.md). The TA worker's own settings are <see cref="TaWorkerOptions"/>.
/// </summary>
public sealed record TaBroadcastOptions(int MaxClients)
{
    /// <summary>Called by the composition root only.</summary>
    public static TaBroadcastOptions From(IConfiguration configuration) =>
        new(WebCatalogue.SseMaxClients.ReadInt(configuration));
}
