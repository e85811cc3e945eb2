using System.Text.Json;
using Alpaca.Simulator;
using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Storage;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Analysis;

/// <summary>
/// The production shape: simulator → ingest process → Kafka (broker process) → two TA worker processes in one consumer
/// group → a real ClickHouse server. The stored microbars must equal 1 s bars computed independently from every trade
/// on the trades topic: no gap, no duplicate, no wrong value.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class TaPipelineTests(ClickHouseServerFixture clickhouse, KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD", "SOL/USD"];

    [Fact]
    public async Task Two_ta_workers_in_one_group_store_exactly_the_microbars_of_the_trades_on_kafka()
    {
        var database = "e2e_" + Guid.NewGuid().ToString("N")[..8];
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig
        {
            Symbols = Pairs, TradesPerMinute = 600, QuotesPerMinute = 120,
            CryptoEmptyMinuteProbability = 0, // every symbol trades in every minute of the short run
            // Late trades (the source of updatedBars) arrive seconds after their second closed: the engine merges
            // them and re-emits the bar under the same key, so the store must still equal the topic.
            LateTradeProbability = 0.2,
        });
        var common = new Dictionary<string, string>
        {
            ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap, ["KAFKA_GROUP_PROTOCOL"] = "consumer", ["TA_GROUP_ID"] = "ta-" + database,
            ["TA_CLICKHOUSE_URL"] = clickhouse.Url.ToString(), ["TA_CLICKHOUSE_USER"] = ClickHouseServerFixture.User,
            ["TA_CLICKHOUSE_PASSWORD"] = ClickHouseServerFixture.Password, ["TA_CLICKHOUSE_DATABASE"] = database,
        };
        var ingestEnv = new Dictionary<string, string>(common.Concat(sim.Settings))
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs), ["ENABLE_BARS_BACKFILL"] = "false",
        };
        await using var worker1 = await HostProcess.StartAsync("run --role ta", common);
        await using var worker2 = await HostProcess.StartAsync("run --role ta", common);
        using var http = new HttpClient();
        // Start the data once the group has settled: this test measures steady sharing; hand-overs mid-stream are
        // TaFailoverTests' subject.
        await Task.Delay(TimeSpan.FromSeconds(4));
        await using (var ingest = await HostProcess.StartAsync("run --role ingest", ingestEnv))
        {
            await Eventually.HoldsAsync(async () => (await http.GetAsync($"{ingest.BaseUrl}/readyz")).IsSuccessStatusCode, "ingest ready", TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(15));
            (await ingest.StopAsync()).ShouldBe(0, ingest.Output);
        }
        // The group shares the partitions: both workers took part.
        foreach (var worker in new[] { worker1, worker2 })
        {
            var ta = JsonDocument.Parse(await http.GetStringAsync($"{worker.BaseUrl}/api/ta")).RootElement;
            ta.GetProperty("running").GetBoolean().ShouldBeTrue(worker.Output);
        }
        // The last second of each symbol closes by the idle timeout (5 s of no trades), then is written.
        await Task.Delay(TimeSpan.FromSeconds(9));
        var envelopes = new List<long>();
        foreach (var worker in new[] { worker1, worker2 })
            envelopes.Add(JsonDocument.Parse(await http.GetStringAsync($"{worker.BaseUrl}/api/ta")).RootElement.GetProperty("counters").GetProperty("envelopes").GetInt64());
        envelopes.ShouldAllBe(n => n > 0, "each worker of the group consumed part of the partitions");
        foreach (var worker in new[] { worker1, worker2 })
            JsonDocument.Parse(await http.GetStringAsync($"{worker.BaseUrl}/api/ta")).RootElement.GetProperty("counters")
                .GetProperty("lateDropped").GetInt64().ShouldBe(0);
        (await worker1.StopAsync()).ShouldBe(0, worker1.Output);
        (await worker2.StopAsync()).ShouldBe(0, worker2.Output);

        var truth = TradesTopicTruth.Read(kafka.Bootstrap);
        var store = TaStoreFactory.Create(new ConfigurationBuilder().AddInMemoryCollection(common.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)).Build());
        await using var _ = store;
        foreach (var symbol in Pairs)
        {
            truth.ShouldContainKey(symbol);
            var expected = truth[symbol];
            var stored = await store.MicrobarsAsync(symbol, NanoTimestamp.FromUnix(expected.Keys.Min()), NanoTimestamp.FromUnix(expected.Keys.Max() + 1));
            stored.Select(b => b.EventTs.UnixSeconds - 1).ShouldBe(expected.Keys.Order().ToList(), $"{symbol}: stored seconds differ from the trades");
            foreach (var bar in stored)
            {
                var e = expected[bar.EventTs.UnixSeconds - 1];
                (bar.Open, bar.High, bar.Low, bar.Close, bar.Count).ShouldBe((e.Open, e.High, e.Low, e.Close, e.Count), $"{symbol} {bar.EventTs}");
                bar.Volume.ShouldBe(e.Volume, 1e-9);
            }
        }
    }
}
