using System.Net;
using System.Net.Sockets;
using Torghut.LocalServers;
using Torghut.Tests.Support;

namespace Torghut.Tests.Transport;

/// <summary>
/// tools/Torghut.KafkaMock (librdkafka's mock cluster, 3 brokers) as a SEPARATE process, so the clients under test
/// talk real Kafka protocol over loopback. Ready once its bootstrap file appears; stopped by PID (SIGTERM, then kill).
/// </summary>
public sealed class KafkaMockBroker : IAsyncLifetime
{
    /// <summary>Topics created at start, name → partitions. Tests use their own topics so they cannot see each other's data.</summary>
    public static readonly IReadOnlyDictionary<string, int> Topics = new Dictionary<string, int>
    {
        ["test.roundtrip.v1"] = 3,
        ["test.roundtrip7.v1"] = 7,
        ["test.commit.v1"] = 3,
        ["test.probe.v1"] = 3,
        ["test.subscriber.v1"] = 3,
        // The ingest contract's topics (3 partitions each, as upstream's KafkaTopic CRs).
        ["torghut.trades.v1"] = 3,
        ["torghut.quotes.v1"] = 3,
        ["torghut.bars.1m.v1"] = 3,
        ["torghut.status.v1"] = 3,
        ["torghut.orderbooks.v1"] = 3,
        ["torghut.trade-corrections.v1"] = 3, // ADR 0014: equity cancels and corrections
        ["test.backfill.bars.v1"] = 3,
        ["torghut.ta.bars.1s.v1"] = 1,
        ["torghut.ta.signals.v1"] = 1,
        ["torghut.ta.status.v1"] = 1,
    };

    private KafkaMockProcess? _mock;

    public string Bootstrap => _mock?.Bootstrap ?? throw new InvalidOperationException("kafka mock not started");

    public string Output => _mock?.Output ?? "";

    public static string ToolDll => Path.Combine(RepoPaths.Root, "tools", "Torghut.KafkaMock", "bin", RepoPaths.Configuration, "net10.0", "Torghut.KafkaMock.dll");

    public async Task InitializeAsync() =>
        _mock = await KafkaMockProcess.StartAsync(ToolDll, Topics.Select(t => (t.Key, t.Value)));

    public async Task DisposeAsync()
    {
        if (_mock is not null) await _mock.DisposeAsync();
    }

    /// <summary>Sends a control line ("down all", "up all", "down 2") and waits for the tool's "ok".</summary>
    public Task ControlAsync(string command) => _mock!.ControlAsync(command);

    /// <summary>A loopback port nothing listens on: a bootstrap address that refuses connections.</summary>
    public static string DeadBootstrap()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }
}

[CollectionDefinition(Name)]
public sealed class KafkaMockCollection : ICollectionFixture<KafkaMockBroker>
{
    public const string Name = "kafka-mock";
}
