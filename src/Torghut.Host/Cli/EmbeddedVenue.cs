using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
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
        string.IsNullOrWhiteSpace(configuration[ConfigKeys.AlpacaKeyId]) &&
        string.IsNullOrWhiteSpace(configuration[ConfigKeys.AlpacaSecretKey]) &&
        string.IsNullOrWhiteSpace(configuration["ALPACA_STREAM_URL"]) &&
        !string.Equals(configuration["TORGHUT_EMBEDDED_SIMULATOR"], "false", StringComparison.OrdinalIgnoreCase);

    /// <summary>Starts the simulator and writes its settings into <paramref name="configuration"/>; null when no plugin ships one.</summary>
    public static async Task<IRunningSimulator?> StartAsync(IPluginCatalog catalog, IConfigurationRoot configuration, CancellationToken cancellationToken)
    {
        var plugin = catalog.Plugins.FirstOrDefault(p => p.Provides(PluginServices.Simulator) &&
                                                          string.Equals(p.Manifest!.Venue, "alpaca", StringComparison.OrdinalIgnoreCase));
        if (plugin?.Instance?.CreateSimulator() is not { } simulator) return null;
        var symbols = (configuration[ConfigKeys.CryptoSymbols] ?? "BTC/USD,ETH/USD,SOL/USD")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var running = await simulator.StartAsync(new SimulatorOptions(Port: 0, Seed: 42, Speed: 1.0, Symbols: symbols), cancellationToken);
        foreach (var (key, value) in running.Settings) configuration[key] = value;
        return running;
    }
}
