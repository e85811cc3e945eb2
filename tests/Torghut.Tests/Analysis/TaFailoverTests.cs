using System.Text;
using System.Text.Json;
using Alpaca.Simulator;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;
using Torghut.Host.Transport;
using Torghut.LocalServers;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Analysis;

/// <summary>
/// A Kafka mock broker whose consumer groups notice a dead member within 3 s (the broker default, 45 s, would make
/// a kill test wait that long). Its own process, like <see cref="KafkaMockBroker"/>, with the same topics.
/// </summary>
public sealed class FastFailoverKafka : IAsyncLifetime
{
    private KafkaMockProcess? _mock;

    public string Bootstrap => _mock?.Bootstrap ?? throw new InvalidOperationException("kafka mock not started");

    /// <summary>Sends a control line ("down all", "up all") and waits for the tool's "ok".</summary>
    public Task ControlAsync(string command) => _mock!.ControlAsync(command);

    public async Task InitializeAsync() => _mock = await KafkaMockProcess.StartAsync(KafkaMockBroker.ToolDll,
        KafkaMockBroker.Topics.Select(t => (t.Key, t.Value)), extraArguments: ["--consumer-session-timeout-ms", "3000", "--consumer-heartbeat-ms", "500"]);

    public async Task DisposeAsync()
    {
        if (_mock is not null) await _mock.DisposeAsync();
    }
}

/// <summary>
/// The failover test runs alone, after the parallel tests: it kills and starts processes against timeouts (session
/// timeout, freeze window) that a machine saturated by the rest of the suite stretches. Its own ClickHouse server.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection : ICollectionFixture<ClickHouseServerFixture>
{
    public const string Name = "ta-failover (alone)";
}

/// <summary>
/// Failover in the production shape: simulator → ingest process → Kafka → TA worker processes in one consumer group →
/// ClickHouse 18.16. One worker is killed mid-stream (SIGKILL: no flush, no commit, no leaving the group); the other
/// takes its partitions over from the committed offsets. Later a third worker joins, so the survivor hands partitions
/// over by revocation. The stored microbars must still equal 1 s bars computed from every trade on the topic: no gap,
/// no duplicate, exact o/h/l/c/v/count — and every bar has its 1 s signal row, equal to what one signal series over
/// all those bars computes (each new owner warms the series of the symbols it takes from the stored microbars).
/// The bars topic holds 45 minutes of 1 m bars from before the run (plus the live ones): the stored 1 m signals must
/// equal one engine's over the whole topic, so a new owner of a bars partition must have re-read the warm-up window
/// into its 1 m series (the run is shorter than a minute or two: history is what makes the 1 m series long).
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class TaFailoverTests(ClickHouseServerFixture clickhouse, FastFailoverKafka kafka) : IClassFixture<FastFailoverKafka>
{
    /// <summary>Two pairs per trades partition, so whichever partitions the killed worker owned carry trades.</summary>
    private static readonly string[] Pairs = new[] { "BTC/USD", "ETH/USD", "SOL/USD", "AVAX/USD", "LTC/USD", "DOGE/USD", "LINK/USD", "DOT/USD", "UNI/USD", "AAVE/USD" }
        .GroupBy(s => Murmur2Partitioner.Partition(Encoding.UTF8.GetBytes(s), 3)).OrderBy(g => g.Key).SelectMany(g => g.Take(2)).ToArray();

    [Fact]
    public async Task A_killed_worker_s_partitions_are_taken_over_without_gaps_or_duplicates()
    {
        var database = "failover_" + Guid.NewGuid().ToString("N")[..8];
        var group = "ta-" + database;
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig
        {
            Symbols = Pairs, TradesPerMinute = 600, QuotesPerMinute = 120, LateTradeProbability = 0,
            CryptoEmptyMinuteProbability = 0, // every symbol trades in every minute of the short run
        });
        var common = new Dictionary<string, string>
        {
            ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap, ["KAFKA_GROUP_PROTOCOL"] = "consumer", ["TA_GROUP_ID"] = group,
            ["TA_CLICKHOUSE_URL"] = clickhouse.Url.ToString(), ["TA_CLICKHOUSE_USER"] = ClickHouseServerFixture.User,
            ["TA_CLICKHOUSE_PASSWORD"] = ClickHouseServerFixture.Password, ["TA_CLICKHOUSE_DATABASE"] = database,
            // Short windows so commits trail the stream by ~20 s instead of ~80 s and the test stays short; the freeze
            // still leaves 8 s for an ingest process starved by a busy machine.
            ["TA_ALLOWED_LATENESS_MS"] = "2000", ["TA_FREEZE_AFTER_MS"] = "8000", ["TA_CLOCK_TOLERANCE_MS"] = "250",
            ["TA_WATERMARK_IDLE_TIMEOUT_MS"] = "2000",
            ["Logging__LogLevel__Torghut.Host.Analysis.TaWorker"] = "Debug", // commits in the logs a failure shows
        };
        // 1 m warm-up of an hour: the bars commits trail by it, so they stay on the first record (T − 90 min) and a new
        // owner re-reads T − 90 … T − 30 min as context (the history's first 15 minutes) and the rest normally.
        common["TA_WARMUP_1M_MINUTES"] = "60";
        BarsTopicTruth.PublishHistory(kafka.Bootstrap, Pairs);
        var ingestEnv = new Dictionary<string, string>(common.Concat(sim.Settings))
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs), ["ENABLE_BARS_BACKFILL"] = "false",
        };
        using var http = new HttpClient();
        await using var victim = await HostProcess.StartAsync("run --role ta", common);
        await using var survivor = await HostProcess.StartAsync("run --role ta", common);
        await using var ingest = await HostProcess.StartAsync("run --role ingest", ingestEnv);
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{ingest.BaseUrl}/readyz")).IsSuccessStatusCode, "ingest ready", TimeSpan.FromSeconds(30));

        // Kill only once the group has committed on every trades partition: the survivor must resume from commits
        // (with their look-back), not from the beginning of the topic.
        Pairs.Select(s => Murmur2Partitioner.Partition(Encoding.UTF8.GetBytes(s), 3)).Distinct().Count().ShouldBe(3);
        await WaitAsync(async () => UncommittedTradesPartitions(group) == 0 && CommittedPartitions(group, BarsTopicTruth.Topic) == 3
                                    && await Counter(http, victim, "microbarsEmitted") > 0,
            "the victim computing bars, a commit past the start of every trades partition that has trades, and a commit on every bars partition", victim, survivor);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await victim.KillAsync();

        // The survivor takes the dead member's partitions after the session timeout and resumes them with a look-back.
        await WaitAsync(async () => await Counter(http, survivor, "contextRecords") > 0,
            "the survivor resumed a taken-over partition from its committed offset", victim, survivor);
        await Task.Delay(TimeSpan.FromSeconds(3));

        // A newcomer makes the survivor give partitions up (revocation): state dropped, newcomer resumes from commits.
        await using var newcomer = await HostProcess.StartAsync("run --role ta", common);
        await WaitAsync(async () => await Counter(http, newcomer, "contextRecords") > 0,
            "the newcomer resumed a partition the survivor gave up", survivor, newcomer);
        await Task.Delay(TimeSpan.FromSeconds(3));
        (await ingest.StopAsync()).ShouldBe(0, ingest.Output);

        // The last second of each symbol closes by the idle timeout (2 s without trades), then is written.
        var truth = TradesTopicTruth.Read(kafka.Bootstrap);
        var truth1m = BarsTopicTruth.Signals1m(kafka.Bootstrap);
        await Task.Delay(TimeSpan.FromSeconds(2));
        long bars1mWarmup = 0;
        foreach (var worker in new[] { survivor, newcomer })
        {
            bars1mWarmup += await Counter(http, worker, "bars1mWarmup");
            (await Counter(http, worker, "lateDropped")).ShouldBe(0, worker.Output);
            // Only a trade published more than the freeze time after its second (an ingest stall) is dropped.
            (await Counter(http, worker, "frozenDropped")).ShouldBe(0, "trades published late:\n" + LatePublishedTrades());
            // Both took partitions over with history in the store, and read it.
            (await Counter(http, worker, "warmupFailures")).ShouldBe(0, worker.Output);
            (await Counter(http, worker, "warmupBars")).ShouldBeGreaterThan(0, worker.Output);
        }
        // Every takeover moves a bars partition: the mock broker's KIP-848 assignor is a per-topic range (each topic's
        // 3 partitions split 2 + 1 over two members), so each member of a two-member group owns part of every topic.
        bars1mWarmup.ShouldBeGreaterThan(0, "a takeover of a bars partition re-read its warm-up window\n" + survivor.Output + newcomer.Output);
        (await survivor.StopAsync()).ShouldBe(0, survivor.Output);
        (await newcomer.StopAsync()).ShouldBe(0, newcomer.Output);

        var store = TaStoreFactory.Create(new ConfigurationBuilder().AddInMemoryCollection(common.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)).Build());
        await using var _ = store;
        foreach (var symbol in Pairs)
        {
            if (!truth.ContainsKey(symbol))
                throw new ShouldAssertException($"no {symbol} trades on the topic\n{TopicDiagnostics()}\ningest log tail:\n{Tail(ingest.Output)}");
            // The indicators continue across the hand-overs (the run is shorter than the warm-up window).
            await StoredTruth.MicrobarsAndSignalsMatchAsync(store, symbol, truth[symbol]);

            // 1 m: one row per bar on the topic, and the indicators of one engine that read them all: the new owners'
            // re-emitted bars after the context continue the series (a series restarted at the context's end, or
            // after it, has other EMAs and a null RSI).
            var expected1m = truth1m.Where(kv => kv.Key.Symbol == symbol).OrderBy(kv => kv.Key.Seq).Select(kv => kv.Value).ToList();
            expected1m.Count.ShouldBeGreaterThanOrEqualTo(44, $"{symbol}: the history's bars");
            var signals1m = await store.SignalsAsync(symbol, Cadence.OneMinute, expected1m[0].EventTs.AddNanoseconds(-60_000_000_000), NanoTimestamp.Now.AddNanoseconds(3_600_000_000_000));
            signals1m.Select(s => s.Seq).ShouldBe(expected1m.Select(s => s.Seq).ToList(), $"{symbol}: one 1 m signal per bar");
            for (var i = 0; i < expected1m.Count; i++) SignalComparison.ShouldMatch(signals1m[i], expected1m[i], 1e-9, withImbalance: false);
        }
    }

    /// <summary>Records per trades partition and symbol, for a failure message.</summary>
    private string TopicDiagnostics() =>
        string.Join("\n", KafkaTopicDump.ReadAll(kafka.Bootstrap, ["torghut.trades.v1"])
            .GroupBy(r => (r.Partition.Value, r.Message.Key)).OrderBy(g => g.Key)
            .Select(g => $"partition {g.Key.Item1} {g.Key.Item2}: {g.Count()} records, offsets {g.Min(r => r.Offset.Value)}..{g.Max(r => r.Offset.Value)}"));

    private static string Tail(string text) => text.Length <= 4000 ? text : text[^4000..];

    /// <summary>Trades whose Kafka record was stamped over 1 s after the trade: what the freeze rule can drop.</summary>
    private string LatePublishedTrades()
    {
        var sb = new StringBuilder();
        foreach (var r in KafkaTopicDump.ReadAll(kafka.Bootstrap, ["torghut.trades.v1"]))
        {
            var payload = JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("payload");
            var t = NanoTimestamp.Parse(payload.GetProperty("t").GetString()!);
            var delayMs = r.Message.Timestamp.UnixTimestampMs - t.UnixMilliseconds;
            if (delayMs > 1000) sb.AppendLine($"p{r.Partition.Value}@{r.Offset.Value} {payload.GetProperty("S")} t={t} ts={r.Message.Timestamp.UtcDateTime:O} delay={delayMs}ms");
        }
        return sb.ToString();
    }

    /// <summary>Waits up to 45 s; a failure shows the workers' logs (hand-overs, commits).</summary>
    private static async Task WaitAsync(Func<Task<bool>> condition, string what, params HostProcess[] workers)
    {
        try
        {
            await Eventually.HoldsAsync(condition, what, TimeSpan.FromSeconds(45));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ShouldAssertException($"{e.Message}\n" + string.Join("\n", workers.Select((w, i) => $"--- worker {i} (pid {w.Pid}):\n{w.Output}")), e);
        }
    }

    /// <summary>
    /// Trades partitions holding records but no committed offset of <paramref name="group"/> past their first record
    /// yet; -1 while no partition has such a commit at all (so an unanswered probe never passes for "all committed").
    /// </summary>
    private int UncommittedTradesPartitions(string group)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.Bootstrap }).Build();
        using var probe = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = kafka.Bootstrap, GroupId = "probe-" + group }).Build();
        var partitions = Enumerable.Range(0, 3).Select(p => new TopicPartition("torghut.trades.v1", p)).ToList();
        var committed = admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]).GetAwaiter().GetResult()
            .Single().Partitions.ToDictionary(p => p.Partition.Value, p => p.Offset.Value);
        if (!committed.Values.Any(o => o > 0)) return -1;
        // A partition counts as empty only if the broker says so (an unset high watermark is not "empty").
        return partitions.Count(p => probe.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(5)).High.Value != 0 && committed.GetValueOrDefault(p.Partition.Value, -1) <= 0);
    }

    /// <summary>Partitions of <paramref name="topic"/> on which <paramref name="group"/> has a committed offset (0 counts).</summary>
    private int CommittedPartitions(string group, string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.Bootstrap }).Build();
        var partitions = Enumerable.Range(0, 3).Select(p => new TopicPartition(topic, p)).ToList();
        return admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)]).GetAwaiter().GetResult()
            .Single().Partitions.Count(p => p.Offset.Value >= 0);
    }

    private static async Task<long> Counter(HttpClient http, HostProcess worker, string name)
    {
        var ta = JsonDocument.Parse(await http.GetStringAsync($"{worker.BaseUrl}/api/ta")).RootElement;
        return ta.GetProperty("running").GetBoolean() ? ta.GetProperty("counters").GetProperty(name).GetInt64() : 0;
    }
}
