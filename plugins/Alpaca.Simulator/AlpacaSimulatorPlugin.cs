using Torghut.Abstractions;

namespace Alpaca.Simulator;

/// <summary>The plugin entry point: ships only a simulator of Alpaca's market-data API.</summary>
public sealed class AlpacaSimulatorPlugin : IVenuePlugin
{
    public PluginManifest Manifest { get; } = new(
        "Alpaca.Simulator", "1.0.0", Torghut.Abstractions.Market.Other, ContractVersion.Text, PluginServices.Simulator, "alpaca");

    public ISymbolCodec? SymbolCodec => null;

    public IFeedEndpoint? CreateFeed(VenueContext context) => null;

    public IBackfillSource? CreateBackfill(VenueContext context) => null;

    public IVenueSimulator CreateSimulator() => new AlpacaVenueSimulator();
}

/// <summary>Maps the host's <see cref="SimulatorOptions"/> onto <see cref="AlpacaSimulatorServer"/>.</summary>
public sealed class AlpacaVenueSimulator : IVenueSimulator
{
    /// <exception cref="ArgumentException">The options (e.g. the fault plan) are invalid.</exception>
    public async Task<IRunningSimulator> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        return await AlpacaSimulatorServer.StartAsync(SimulatorConfig.From(options), cancellationToken);
    }
}
