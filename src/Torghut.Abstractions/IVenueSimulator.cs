namespace Torghut.Abstractions;

/// <summary>Options for starting a venue simulator.</summary>
/// <param name="Port">Loopback port; 0 picks a free one.</param>
/// <param name="Seed">Seed of the deterministic market.</param>
/// <param name="Speed">Clock speed: 1 = real time, 60 = a minute per second.</param>
/// <param name="FaultPlan">A fault plan in the simulator's own syntax, or null for none.</param>
/// <param name="Symbols">Symbols to make a market in up front (others on demand).</param>
public sealed record SimulatorOptions(
    int Port = 0,
    int Seed = 42,
    double Speed = 1.0,
    string? FaultPlan = null,
    IReadOnlyList<string>? Symbols = null);

/// <summary>A running simulator. Dispose to stop it.</summary>
public interface IRunningSimulator : IAsyncDisposable
{
    /// <summary>Base URL to use as the venue's stream URL (e.g. <c>ws://127.0.0.1:8765</c>).</summary>
    Uri StreamBaseUrl { get; }

    /// <summary>Base URL to use as the venue's REST URL (e.g. <c>http://127.0.0.1:8765</c>).</summary>
    Uri RestBaseUrl { get; }

    /// <summary>Settings a lane needs to use this simulator (e.g. <c>ALPACA_STREAM_URL</c> → URL).</summary>
    IReadOnlyDictionary<string, string> Settings { get; }
}

/// <summary>A local stand-in for a venue, shipped by its plugin, so tests and demos need no network.</summary>
public interface IVenueSimulator
{
    /// <summary>Starts the simulator on loopback.</summary>
    Task<IRunningSimulator> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default);
}
