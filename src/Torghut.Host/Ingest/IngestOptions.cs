using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Configuration.Settings.Catalogue;
using Torghut.Host.Ingest.Repair;
using Torghut.Host.Transport;
using Torghut.Host.Universe;

namespace Torghut.Host.Ingest;

/// <summary>
/// What an ingest lane reads, built once by the composition root (docs/adr/0070-options-records.md): the topics, the
/// session and heartbeat settings, and the universe and repair settings of each market (a lane takes its market's).
/// </summary>
public sealed record IngestOptions(TopicMap Topics, SessionOptions Session, TimeSpan Heartbeat,
    IReadOnlyDictionary<Market, UniverseOptions> Universe, IReadOnlyDictionary<Market, RepairOptions> Repair)
{
    /// <summary>Called by the composition root only.</summary>
    public static IngestOptions From(IConfiguration configuration)
    {
        // Loops, not lambdas: a lambda would keep the configuration in a closure object of this module.
        var universe = new Dictionary<Market, UniverseOptions>();
        var repair = new Dictionary<Market, RepairOptions>();
        foreach (var market in Enum.GetValues<Market>())
            (universe[market], repair[market]) =
                (UniverseOptions.From(configuration, market), RepairOptions.From(configuration, market));
        return new(TopicMap.From(configuration), SessionOptions.From(configuration),
            IngestCatalogue.Heartbeat.Read(configuration), universe, repair);
    }
}
