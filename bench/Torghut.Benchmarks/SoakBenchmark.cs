using System.Diagnostics;
using System.Globalization;
using System.Text;
using Alpaca.Simulator;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Analysis;
using Torghut.LocalServers;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>soak</c>: the whole pipeline as real processes for a long run — the simulator's firehose held to a target rate
/// (<see cref="FirehosePacer"/>) → `run --role ingest` → the Kafka mock broker process → `run --role ta` →
/// clickhouse-server 18.16 — sampling memory and every queue between the stages every 10 s. Targets: RSS growth under
/// 5 % after the first minute, and no queue whose last third is well above its first (a queue that grows without bound).
/// </summary>
public static class SoakBenchmark
{
    public const double RssGrowthLimit = 0.05;
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD", "AVAX/USD", "LTC/USD", "DOGE/USD", "LINK/USD", "DOT/USD", "UNI/USD", "AAVE/USD"];
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Warmup = TimeSpan.FromMinutes(1);

    public static async Task<(List<BenchResult> Results, string Notes)> RunAsync(TextWriter log, TimeSpan duration, double rate)
    {
        var work = Directory.CreateTempSubdirectory("torghut-soak").FullName;
        log.WriteLine($"  soak: {duration.TotalMinutes:0.#} min at {rate:N0} msg/s; logs in {work}");
        var ta = TaWorkerOptions.From(new ConfigurationBuilder().Build());
        var ingestTopics = Torghut.Host.Transport.TopicMap.From(new ConfigurationBuilder().Build());
        await using var clickhouse = await ClickHouseLocalServer.StartAsync();
        await using var kafka = await KafkaMockProcess.StartAsync(BenchPaths.KafkaMockDll,
            ingestTopics.All.Select(t => (t, 3)).Concat([(ta.MicrobarsTopic, 3), (ta.SignalsTopic, 3), (ta.StatusTopic, 1)]));
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Symbols = Symbols });
        var common = new Dictionary<string, string> { ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap, ["TORGHUT_EMBEDDED_SIMULATOR"] = "false" };
        var ingestEnv = new Dictionary<string, string>(common.Concat(sim.Settings))
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = string.Join(",", Symbols), ["ENABLE_BARS_BACKFILL"] = "false",
        };
        var taEnv = new Dictionary<string, string>(common)
        {
            ["TA_CLICKHOUSE_URL"] = clickhouse.Url.ToString(), ["TA_CLICKHOUSE_USER"] = "default", ["TA_CLICKHOUSE_DATABASE"] = "torghut_soak",
        };
        await using var taHost = await SoakHost.StartAsync("ta", taEnv, work);
        await using var ingest = await SoakHost.StartAsync("ingest", ingestEnv, work);

        var pacer = new FirehosePacer(sim, Symbols, rate);
        using var sampler = new SoakSampler(ingest, taHost, pacer, kafka.Bootstrap, ta.GroupId, ta.InputTopics);
        using var stop = new CancellationTokenSource();
        var pacing = pacer.RunAsync(stop.Token);
        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        samples.Add(await sampler.TakeAsync(clock.Elapsed));
        while (clock.Elapsed < duration)
        {
            await Task.Delay(Interval - TimeSpan.FromTicks(clock.Elapsed.Ticks % Interval.Ticks));
            var s = await sampler.TakeAsync(clock.Elapsed);
            samples.Add(s);
            log.WriteLine(Row(s, samples[^2]));
            if (ingest.Exited || taHost.Exited) throw new InvalidOperationException($"a host exited during the soak; see {work}");
        }
        await stop.CancelAsync();
        await pacing;
        var (ingestStop, ingestExit) = await ingest.StopAsync();
        var (taStop, taExit) = await taHost.StopAsync();
        log.WriteLine($"  stop: ingest {ingestStop.TotalSeconds:F1} s (exit {ingestExit}), ta {taStop.TotalSeconds:F1} s (exit {taExit})");
        return (Results(samples, rate, duration), Notes(samples, duration, rate, ingestStop, taStop, ingestExit, taExit));
    }

    private static List<BenchResult> Results(List<SoakSample> samples, double rate, TimeSpan duration)
    {
        var first = samples.First(s => s.At >= Warmup - TimeSpan.FromSeconds(1));
        var last = samples[^1];
        var seconds = (last.At - first.At).TotalSeconds;
        var taRate = (last.TaEnvelopes - first.TaEnvelopes) / seconds;
        var ingestRate = (last.IngestDelivered - first.IngestDelivered) / seconds;
        var results = new List<BenchResult>
        {
            new($"soak throughput ({duration.TotalMinutes:0.#} min, {Symbols.Length} crypto pairs, after the first minute)",
                $"records the TA worker consumed /s (ingest: {ingestRate:N0} acked /s)", taRate,
                "the paced target", rate, $"≥ {rate:N0} msg/s sustained", taRate >= rate * 0.98),
            Memory("ingest", "after the first minute", first.IngestRss, last.IngestRss, first.IngestGcHeap, last.IngestGcHeap),
            Memory("ta", "after the first minute", first.TaRss, last.TaRss, first.TaGcHeap, last.TaGcHeap),
        };
        // Diagnostic: a set that fills up to its cap after the first minute (the lane's published-identity sets fill
        // at 500,000 per symbol) is growth that stops; the second half tells it from a leak.
        var middle = samples.First(s => s.At >= first.At + (last.At - first.At) / 2);
        results.Add(Memory("ingest", "at half time", middle.IngestRss, last.IngestRss, middle.IngestGcHeap, last.IngestGcHeap) with { Pass = null, Target = "none: second half only" });
        var after = samples.Where(s => s.At >= first.At).ToList();
        results.Add(Queue("producer buffered records (ingest)", after.Select(s => s.ProducerBuffered).ToList(), 100_000));
        results.Add(Queue("TA behind ingest (records acked − consumed)", after.Select(s => s.TaBehind).ToList(), 250_000));
        results.Add(Queue("TA writer backlog (rows not yet acknowledged)", after.Select(s => s.TaWriterBacklog).ToList(), 100_000));
        results.Add(Queue("TA committed-offset lag (trails on purpose)", after.Select(s => s.CommittedLag).ToList(), 5_000_000));
        return results;
    }

    private static BenchResult Memory(string role, string from, long rss1, long rssEnd, long heap1, long heapEnd) =>
        new($"soak RSS, {role} process (MB, not /s)",
            $"RSS at the end (GC heap {heap1 / 1e6:F0} → {heapEnd / 1e6:F0} MB)", rssEnd / 1e6,
            $"RSS {from}", rss1 / 1e6, $"growth < {RssGrowthLimit:P0} (ratio < {1 + RssGrowthLimit:F2})",
            rss1 > 0 && rssEnd < rss1 * (1 + RssGrowthLimit));

    /// <summary>
    /// A queue is bounded when the mean of its last third is at most 1.5× the mean of its first third, or stays under a
    /// floor small next to the rate (a queue near empty may double without meaning anything).
    /// </summary>
    private static BenchResult Queue(string name, List<long> values, long floor)
    {
        var third = Math.Max(1, values.Count / 3);
        var early = values.Take(third).Average();
        var late = values.TakeLast(third).Average();
        var bounded = late <= Math.Max(early * 1.5, floor);
        return new BenchResult($"soak queue: {name} (records, not /s)", $"mean of the last third (max {values.Max():N0})", late,
            "mean of the first third", early, $"last ≤ 1.5× first, or < {floor:N0}", bounded);
    }

    private static string Row(SoakSample s, SoakSample previous)
    {
        var dt = (s.At - previous.At).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {s.At.TotalSeconds:F0} | {(s.SimPublished - previous.SimPublished) / dt:N0} | {(s.IngestDelivered - previous.IngestDelivered) / dt:N0} | " +
            $"{(s.TaEnvelopes - previous.TaEnvelopes) / dt:N0} | {s.IngestRss / 1e6:F0} / {s.IngestGcHeap / 1e6:F0} | {s.TaRss / 1e6:F0} / {s.TaGcHeap / 1e6:F0} | " +
            $"{s.ProducerBuffered:N0} | {s.TaBehind:N0} | {s.TaWriterBacklog:N0} | {s.CommittedLag:N0} |");
    }

    private static string Notes(List<SoakSample> samples, TimeSpan duration, double rate, TimeSpan ingestStop, TimeSpan taStop, int ingestExit, int taExit)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- soak: {duration.TotalMinutes:0.#} min, {Symbols.Length} crypto pairs. The simulator (in the benchmark process) runs its");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  firehose switched on and off every 5 ms to hold {rate:N0} trades/s (`FirehosePacer`; a pipeline that falls behind");
        sb.AppendLine("  shows as a lower rate, never a burst) → `torghut run --role ingest` (Release) → tools/Torghut.KafkaMock (3 brokers,");
        sb.AppendLine("  3 partitions per ingest topic) → `torghut run --role ta` → clickhouse-server 18.16 (loopback), each its own process,");
        sb.AppendLine("  all sharing the machine's cores. Defaults everywhere except `ENABLE_BARS_BACKFILL=false`. Every 10 s: RSS (/proc),");
        sb.AppendLine("  GC heap (`dotnet_total_memory_bytes` on /metrics), the producer's buffered records, TA behind ingest (records");
        sb.AppendLine("  acked by Kafka − envelopes the TA worker consumed), the TA writer's backlog (rows emitted − rows the store");
        sb.AppendLine("  acknowledged, /api/ta), and the TA group's committed-offset lag on its inputs (it trails the stream by design).");
        sb.AppendLine("  Memory and queues are judged from the sample at 1 min on; the first minute is JIT and buffer warm-up.");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- stop after the run (SIGTERM): ingest {ingestStop.TotalSeconds:F1} s (exit {ingestExit}), ta {taStop.TotalSeconds:F1} s (exit {taExit}).");
        sb.AppendLine();
        sb.AppendLine("| t (s) | sim trades /s | ingest acked /s | TA consumed /s | ingest RSS / GC heap (MB) | TA RSS / GC heap (MB) | producer buffered | TA behind | TA writer backlog | committed lag |");
        sb.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 1; i < samples.Count; i++) sb.AppendLine(Row(samples[i], samples[i - 1]));
        sb.AppendLine();
        return sb.ToString();
    }
}
