using System.Diagnostics;
using Alpaca.Simulator;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Storage;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;
using Xunit.Abstractions;
using static Torghut.Tests.Analysis.HostProbe;

namespace Torghut.Tests.Analysis;

/// <summary>
/// Every Kafka broker goes down under a running TA worker process for <see cref="OutageSeconds"/> (45 s unless
/// TORGHUT_TEST_KAFKA_OUTAGE_SECONDS says otherwise): longer than the 30 s the worker gives the transport to confirm
/// its outputs before a commit (which used to end the worker), and far past the group's 3 s session timeout, so the
/// worker also loses its partitions and gets them back. The TA process must live through it and resume by itself, and the store
/// must then hold exactly the microbars of the trades on the topic (the ingest process buffers them meanwhile).
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class TaKafkaOutageProcessTests(ClickHouseServerFixture clickhouse, FastFailoverKafka kafka, ITestOutputHelper output)
    : IClassFixture<FastFailoverKafka>
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD", "SOL/USD"];

    private static int OutageSeconds => Seconds("TORGHUT_TEST_KAFKA_OUTAGE_SECONDS", 45);

    [Fact]
    public async Task A_ta_worker_lives_through_a_broker_outage_and_stores_exactly_the_truth_once_kafka_is_back()
    {
        var database = "kafka_outage_" + Guid.NewGuid().ToString("N")[..8];
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig
        {
            Symbols = Pairs, TradesPerMinute = 600, QuotesPerMinute = 120, LateTradeProbability = 0, CryptoEmptyMinuteProbability = 0,
        });
        var taEnv = new Dictionary<string, string>
        {
            ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap, ["KAFKA_GROUP_PROTOCOL"] = "consumer", ["TA_GROUP_ID"] = "ta-" + database,
            ["TA_CLICKHOUSE_URL"] = clickhouse.Url.ToString(), ["TA_CLICKHOUSE_USER"] = ClickHouseServerFixture.User,
            ["TA_CLICKHOUSE_PASSWORD"] = ClickHouseServerFixture.Password, ["TA_CLICKHOUSE_DATABASE"] = database,
            ["TA_WATERMARK_IDLE_TIMEOUT_MS"] = "2000",
        };
        var ingestEnv = new Dictionary<string, string>(sim.Settings)
        {
            ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap, ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs),
            ["ENABLE_BARS_BACKFILL"] = "false",
        };
        using var http = new HttpClient();
        await using var ta = await HostProcess.StartAsync("run --role ta", taEnv);
        await using var ingest = await HostProcess.StartAsync("run --role ingest", ingestEnv);
        await Eventually.HoldsAsync(async () => await MicrobarsWrittenAsync(http, ta) > 0, "the TA worker storing microbars", TimeSpan.FromSeconds(60));

        await kafka.ControlAsync("down all");
        var down = Stopwatch.StartNew();
        while (down.Elapsed < TimeSpan.FromSeconds(OutageSeconds))
        {
            ta.HasExited.ShouldBeFalse("the TA process died during the broker outage:\n" + ta.Output);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var before = await MicrobarsWrittenAsync(http, ta);
        await kafka.ControlAsync("up all");
        var back = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => await MicrobarsWrittenAsync(http, ta) > before, "the TA worker storing again once Kafka is back",
            TimeSpan.FromSeconds(60));
        var resumedAfter = back.Elapsed;
        await Eventually.HoldsAsync(async () => (await ReadyzAsync(http, ingest)).Status == 200, "ingest ready again", TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await ingest.StopAsync()).ShouldBe(0, ingest.Output);
        var truth = TradesTopicTruth.Read(kafka.Bootstrap);
        // The worker re-reads the outage's backlog; the last second of each pair then closes by the idle timeout.
        await Eventually.HoldsAsync(async () =>
        {
            var written = await MicrobarsWrittenAsync(http, ta);
            await Task.Delay(TimeSpan.FromSeconds(4));
            return await MicrobarsWrittenAsync(http, ta) == written;
        }, "the TA worker caught up", TimeSpan.FromSeconds(90));
        (await ta.StopAsync()).ShouldBe(0, ta.Output);
        if (OutageSeconds > 35)
        {
            // The commits waited for the transport, said so once, and resumed.
            Lines(ta.Output, "the transport did not confirm the TA outputs").ShouldBe(1, ta.Output);
            Lines(ta.Output, "commits resume").ShouldBe(1, ta.Output);
        }

        await using var store = TaStoreFactory.Create(new ConfigurationBuilder().AddInMemoryCollection(taEnv.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)).Build());
        var compared = 0;
        foreach (var symbol in Pairs)
        {
            truth.ShouldContainKey(symbol);
            compared += await StoredTruth.MicrobarsAndSignalsMatchAsync(store, symbol, truth[symbol]);
        }
        output.WriteLine($"kafka outage {OutageSeconds} s: TA alive throughout, storing again {resumedAfter.TotalSeconds:0.0} s after the brokers returned; " +
                         $"{compared} microbars (and as many 1 s signals) equal the truth");
    }
}
