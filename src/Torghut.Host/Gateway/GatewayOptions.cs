using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Transport;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Host.Gateway;

/// <summary>
/// The gateway's settings, read once by the composition root (docs/adr/0070-options-records.md): its own
/// (<see cref="Settings"/>, null when TORGHUT_GATEWAY_URL is unset and the gateway stays off), the topics it serves,
/// the Kafka cluster it reads (null: the in-process transport) and the configured symbol lists it falls back to.
/// </summary>
public sealed record GatewayOptions(GatewaySettings? Settings, TopicMap Topics, KafkaSettings? Kafka,
    string? CryptoSymbols, string? EquitySymbols)
{
    /// <summary>Called by the composition root only (and the gateway's test harness).</summary>
    public static GatewayOptions From(IConfiguration configuration) => new(
        GatewaySettings.From(configuration),
        TopicMap.From(configuration),
        KafkaSettings.IsConfigured(configuration) ? KafkaSettings.FromConfiguration(configuration) : null,
        configuration[ConfigKeys.CryptoSymbols],
        configuration[ConfigKeys.EquitySymbols]);
}
