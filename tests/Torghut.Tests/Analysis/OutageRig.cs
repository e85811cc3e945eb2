using Alpaca.Simulator;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Storage;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;
using static Torghut.Tests.Analysis.HostProbe;

namespace Torghut.Tests.Analysis;

/// <summary>
/// The production shape the outage tests break: simulator → ingest process → Kafka → one TA worker process →
/// ClickHouse (user <see cref="ClickHouseServerFixture.User"/>, a database of its own). <see cref="FinishAsync"/> ends
/// the stream and compares the store with the trades on the topic.
/// </summary>
internal sealed class OutageRig : IAsyncDisposable
{
    public static readonly string[] Pairs = ["BTC/USD", "ETH/USD", "SOL/USD"];
    private readonly AlpacaSimulatorServer _sim;
    private readonly string _bootstrap;

    private OutageRig(AlpacaSimulatorServer sim, string bootstrap, Dictionary<string, string> taEnv, HostProcess ta, HostProcess ingest)
    {
        (_sim, _bootstrap, TaEnv, Ta, Ingest) = (sim, bootstrap, taEnv, ta, ingest);
    }

    public Dictionary<string, string> TaEnv { get; }
    public HostProcess Ta { get; }
    public HostProcess Ingest { get; }
    public HttpClient Http { get; } = new();

    /// <summary>Starts everything and returns once the TA worker has stored microbars. <paramref name="taSettings"/> add to the worker's.</summary>
    public static async Task<OutageRig> StartAsync(string bootstrap, Uri clickhouse, IReadOnlyDictionary<string, string> taSettings)
    {
        var database = "outage_" + Guid.NewGuid().ToString("N")[..8];
        var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig
        {
            Symbols = Pairs, TradesPerMinute = 600, QuotesPerMinute = 120, LateTradeProbability = 0, CryptoEmptyMinuteProbability = 0,
        });
        var taEnv = new Dictionary<string, string>(taSettings)
        {
            ["KAFKA_BOOTSTRAP"] = bootstrap, ["KAFKA_GROUP_PROTOCOL"] = "consumer", ["TA_GROUP_ID"] = "ta-" + database,
            ["TA_CLICKHOUSE_URL"] = clickhouse.ToString(), ["TA_CLICKHOUSE_USER"] = ClickHouseServerFixture.User,
            ["TA_CLICKHOUSE_PASSWORD"] = ClickHouseServerFixture.Password, ["TA_CLICKHOUSE_DATABASE"] = database,
            ["TA_WATERMARK_IDLE_TIMEOUT_MS"] = "2000",
        };
        var ingestEnv = new Dictionary<string, string>(sim.Settings)
        {
            ["KAFKA_BOOTSTRAP"] = bootstrap, ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs),
            ["ENABLE_BARS_BACKFILL"] = "false",
        };
        var ta = await HostProcess.StartAsync("run --role ta", taEnv);
        var ingest = await HostProcess.StartAsync("run --role ingest", ingestEnv);
        var rig = new OutageRig(sim, bootstrap, taEnv, ta, ingest);
        await Eventually.HoldsAsync(async () => await MicrobarsWrittenAsync(rig.Http, ta) > 0, "the TA worker storing microbars", TimeSpan.FromSeconds(60));
        return rig;
    }

    /// <summary>
    /// Stops ingest, lets the worker catch up (the last second of each pair closes by the idle timeout), stops it
    /// gracefully (exit 0), and asserts the store equals the truth for every pair. Returns the microbars compared.
    /// </summary>
    public async Task<int> FinishAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await Ingest.StopAsync()).ShouldBe(0, Ingest.Output);
        var truth = TradesTopicTruth.Read(_bootstrap);
        await Eventually.HoldsAsync(async () =>
        {
            var written = await MicrobarsWrittenAsync(Http, Ta);
            await Task.Delay(TimeSpan.FromSeconds(4));
            return await MicrobarsWrittenAsync(Http, Ta) == written;
        }, "the TA worker caught up", TimeSpan.FromSeconds(90));
        (await Ta.StopAsync()).ShouldBe(0, Ta.Output);

        await using var store = TaStoreFactory.Create(new ConfigurationBuilder().AddInMemoryCollection(TaEnv.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)).Build());
        var compared = 0;
        foreach (var symbol in Pairs)
        {
            truth.ShouldContainKey(symbol);
            compared += await StoredTruth.MicrobarsAndSignalsMatchAsync(store, symbol, truth[symbol]);
        }
        return compared;
    }

    public async ValueTask DisposeAsync()
    {
        await Ingest.DisposeAsync();
        await Ta.DisposeAsync();
        await _sim.DisposeAsync();
        Http.Dispose();
    }
}
