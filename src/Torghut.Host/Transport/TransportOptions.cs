using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Transport;

/// <summary>
/// The transport's settings a running host needs, read once by the composition root (docs/adr/0070-options-records.md).
/// The Kafka producer and reader settings stay with <see cref="TransportRegistration"/>, which the root calls.
/// </summary>
public sealed record TransportOptions(TopicMap Topics, TimeSpan KafkaProbeInterval)
{
    /// <summary>Called by the composition root only.</summary>
    public static TransportOptions From(IConfiguration configuration) =>
        new(TopicMap.From(configuration), HealthCatalogue.KafkaProbe.Read(configuration));
}
