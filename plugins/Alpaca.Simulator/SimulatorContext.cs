using System.Collections.Concurrent;
using Alpaca.Simulator.Faults;
using Alpaca.Simulator.Market;

namespace Alpaca.Simulator;

/// <summary>The shared state of one simulator instance, handed to every endpoint.</summary>
internal sealed class SimulatorContext
{
    private readonly ConcurrentDictionary<(string Key, string Path), int> _connections = new();
    private volatile string[] _firehose;

    public SimulatorContext(SimulatorConfig config)
    {
        Config = config;
        var start = config.Start ?? DateTimeOffset.UtcNow;
        Clock = new SimClock(Torghut.Abstractions.NanoTimestamp.FromDateTimeOffset(start), config.Speed);
        Market = new MarketModel(config);
        Faults = new FaultController(config.Seed, () => Clock.NowNanos);
        Faults.Apply(FaultPlan.Parse(config.FaultPlan));
        _firehose = config.FirehoseSymbols.ToArray();
        foreach (var s in _firehose) Market.AddToUniverse(s);
    }

    public SimulatorConfig Config { get; }
    public SimClock Clock { get; }
    public MarketModel Market { get; }
    public GroundTruth Truth { get; } = new();
    public FaultController Faults { get; }
    public CancellationTokenSource Shutdown { get; } = new();

    public string[] FirehoseSymbols
    {
        get => _firehose;
        set
        {
            foreach (var s in value) Market.AddToUniverse(s);
            _firehose = value;
        }
    }

    public int? EffectiveSymbolLimit =>
        (Config.SymbolLimit, Faults.SymbolLimit) switch
        {
            (null, var f) => f,
            (var c, null) => c,
            (var c, var f) => Math.Min(c!.Value, f!.Value),
        };

    /// <summary>Checks a key pair; when none are configured any non-empty pair is valid (with SIP).</summary>
    public SimCredential? Validate(string? key, string? secret)
    {
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(secret)) return null;
        if (Config.Credentials.Count == 0) return new SimCredential(key, secret);
        return Config.Credentials.FirstOrDefault(c => c.Key == key && c.Secret == secret);
    }

    /// <summary>Takes one of the key's connection slots on an endpoint (406 when none is left).</summary>
    public bool TryAcquireConnection(string key, string path)
    {
        lock (_connections)
        {
            var n = _connections.GetValueOrDefault((key, path));
            if (n >= Config.ConnectionsPerKey) return false;
            _connections[(key, path)] = n + 1;
            return true;
        }
    }

    public void ReleaseConnection(string key, string path)
    {
        lock (_connections)
        {
            var n = _connections.GetValueOrDefault((key, path)) - 1;
            if (n <= 0) _connections.TryRemove((key, path), out _);
            else _connections[(key, path)] = n;
        }
    }
}
