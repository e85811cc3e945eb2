using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Gateway;

/// <summary>
/// The gateway's settings (README, "Alpaca gateway"). Off unless <see cref="UrlKey"/> is set; then keys are required,
/// since a gateway that accepts anyone would hand the venue's data to any local process.
/// </summary>
public sealed record GatewaySettings(Uri Url, GatewayKeys Keys)
{
    // The names are declared once, in the catalogue; these read them for messages and tests.
    public static string UrlKey => GatewayCatalogue.Url.Key;
    public static string KeysKey => GatewayCatalogue.Keys.Key;
    public static string QueueKey => GatewayCatalogue.ClientQueue.Key;
    public static string SendTimeoutKey => GatewayCatalogue.SendTimeout.Key;

    /// <summary>Messages waiting for one client before it is a slow client (407 and closed).</summary>
    public int ClientQueue { get; init; } = 10_000;

    /// <summary>How long one send to a client may block before the connection is cut.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Days of 1 m bars the history endpoint serves.</summary>
    public int HistoryDays { get; init; } = 7;

    /// <summary>Alpaca's: a connection must authenticate within 10 s.</summary>
    public TimeSpan AuthTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static bool IsConfigured(IConfiguration configuration) => GatewayCatalogue.Url.IsSet(configuration);

    /// <summary>Null when the gateway is off; <see cref="ConfigException"/> when it is on but misconfigured.</summary>
    public static GatewaySettings? From(IConfiguration configuration)
    {
        if (GatewayCatalogue.Url.Read(configuration) is not { } url) return null;
        if (url.AbsolutePath != "/")
            throw new ConfigException($"{UrlKey} must be a listen URL like http://127.0.0.1:8765 (got '{url}')");
        var keys = GatewayKeys.Parse(GatewayCatalogue.Keys.Read(configuration));
        return new GatewaySettings(url, keys)
        {
            ClientQueue = GatewayCatalogue.ClientQueue.ReadInt(configuration),
            SendTimeout = GatewayCatalogue.SendTimeout.Read(configuration),
            HistoryDays = GatewayCatalogue.HistoryDays.ReadInt(configuration),
        };
    }
}
