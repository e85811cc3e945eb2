using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;
using Torghut.Host.Lanes;
using Torghut.Host.Plugins;

namespace Torghut.Host.Cli;

/// <summary>
/// The embedded default: with no venue credentials and no stream URL configured, `run` starts the simulator a venue
/// plugin ships (Alpaca's) in-process on a free loopback port and points the lanes at it, so one command shows the
/// whole pipeline on a machine that cannot reach the venue. Setting ALPACA_KEY_ID/ALPACA_SECRET_KEY (or
/// ALPACA_STREAM_URL) turns this off.
/// </summary>
public static class EmbeddedVenue
{
    public static bool Wanted(IConfiguration configuration) =>
        !CoreCatalogue.AlpacaKeyId.IsSet(configuration) && !CoreCatalogue.AlpacaSecretKey.IsSet(configuration) &&
        !CoreCatalogue.AlpacaStreamUrl.IsSet(configuration) && CoreCatalogue.EmbeddedSimulator.Read(configuration,
            whenUnset: true);

    /// <summary>Starts the simulator and hands its settings to the lane planner; null when no plugin ships
    /// one.</summary>
    public static async Task<IRunningSimulator?> StartAsync(IPluginCatalog catalog, EmbeddedVenueSettings venue,
        IConfiguration configuration, CancellationToken cancellationToken)
    {
        // The simulator of the crypto lane's venue (its plugin's manifest says which venue that is).
        var venueName = catalog.FindLoaded(LanesCatalogue.CryptoPlugin.Read(configuration)!)?.Manifest?.Venue;
        var plugin = venueName is null ? null : catalog.Plugins.FirstOrDefault(p => p.Provides(PluginServices.Simulator) &&
            string.Equals(p.Manifest!.Venue, venueName, StringComparison.OrdinalIgnoreCase));
        if (plugin?.Instance?.CreateSimulator() is not { } simulator) return null;
        var symbols = UniverseCatalogue.CryptoSymbols.Read(configuration)!
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var running = await simulator.StartAsync(new SimulatorOptions(Port: 0, Seed: 42, Speed: 1.0, Symbols: symbols), cancellationToken);
        venue.Use(running.Settings);
        return running;
    }
}
