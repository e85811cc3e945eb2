using System.Diagnostics;
using Alpaca.Crypto;
using Alpaca.Simulator;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Ingest.Backfill;
using Torghut.Host.Ingest.Repair;
using Torghut.Host.Transport.Kafka;
using Torghut.LocalServers;
using Torghut.Host.Transport;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>repair</c>: how fast a hole is filled — an hour of three crypto pairs' trades repaired from the simulator's REST
/// history (<see cref="HistoryRepairer"/> over the crypto plugin's history source) into Kafka, counted once acked —
/// beside the live path's acked rate (simulator firehose → FeedSession → Kafka) measured in the same run and broker.
/// And <c>backfill-year</c>: the wall time of `torghut backfill` (the real binary) for a year of 1-minute bars × 3 pairs.
/// </summary>
public static class RepairBenchmark
{
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD"];
    private static readonly DateTimeOffset SimNow = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan BackfillTarget = TimeSpan.FromSeconds(30);

    public static string Notes =>
        "- repair: tools/Torghut.KafkaMock (3 brokers, 3 partitions per topic); a simulator at 3,000 trades per symbol-minute\n" +
        "  (its clock at 2025-01-01, speed 1); `HistoryRepairer` repairs [now − 1 h, now) of BTC/USD, ETH/USD, SOL/USD one after the\n" +
        "  other through the crypto plugin's `IMarketHistorySource` (pages of 10,000) into a `KafkaRecordPublisher` with upstream's\n" +
        "  settings; the rate counts trades published once the publisher's flush confirmed every one, and the count is checked\n" +
        "  against the simulator's ground truth. The baseline is the live path's acked rate measured in the same run and broker\n" +
        "  (as `ingest-kafka` measures it). Everything shares the 2 cores.\n" +
        "- backfill-year: `torghut backfill --symbols BTC/USD,ETH/USD,SOL/USD --from 2024-01-01T00:00:00Z --to 2024-12-31T23:59:00Z`\n" +
        "  run as a process (Release build, in-process transport) against the simulator; wall time from start to exit 0. The\n" +
        "  baseline is the rate that does it in 30 s (the issue's target).\n";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(TextWriter log)
    {
        var topics = TopicMap.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        await using var kafka = await KafkaMockProcess.StartAsync(
            Path.Combine(BenchPaths.Root, "tools", "Torghut.KafkaMock", "bin", "Release", "net10.0", "Torghut.KafkaMock.dll"),
            topics.All.Select(t => (t, 3)));
        var settings = new KafkaSettings { BootstrapServers = kafka.Bootstrap };
        var (liveRate, _, _, _) = await IngestKafkaBenchmark.MeasureIngestAsync(settings, topics, log);
        var (repairRate, trades, seconds) = await MeasureRepairAsync(settings, topics, log);
        var backfill = await BackfillYearAsync(log);
        var year = 366.0 * 1440 * Symbols.Length; // 2024, the backfilled year, is a leap year
        return
        [
            new BenchResult($"repair (1 h × 3 pairs of REST trades → Kafka acked: {trades:N0} trades in {seconds:F1} s)",
                "HistoryRepairer: simulator REST → KafkaRecordPublisher, acked", repairRate,
                "live path in the same run: simulator firehose → FeedSession → Kafka, acked", liveRate, "diagnostic", null),
            new BenchResult($"backfill-year (`torghut backfill`, 366 days × 3 crypto pairs, {backfill.TotalSeconds:F1} s wall)",
                "bars/s through the backfill command", year / backfill.TotalSeconds,
                "the year × 3 pairs in 30 s", year / BackfillTarget.TotalSeconds, "≤ 30 s wall", backfill <= BackfillTarget),
        ];
    }

    private static async Task<(double Rate, long Trades, double Seconds)> MeasureRepairAsync(KafkaSettings settings, TopicMap topics, TextWriter log)
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Start = SimNow, Speed = 1, Symbols = Symbols, TradesPerMinute = 3000 });
        var source = (IMarketHistorySource)new AlpacaCryptoPlugin().CreateBackfill(VenueContext.From(new Dictionary<string, string?>
        {
            ["ALPACA_BASE_URL"] = sim.RestBaseUrl.ToString(),
        }))!;
        await using var publisher = new KafkaRecordPublisher(settings);
        using var http = new HttpClient();
        var stats = new BackfillStats();
        var options = new BackfillOptions();
        var repairer = new HistoryRepairer(source, new PageFetcher(http, null, NullLogger.Instance, options, stats), publisher,
            new EnvelopeWriter("alpaca", topics, new SequenceClock()), stats, options, NullLogger.Instance);
        var from = NanoTimestamp.FromDateTimeOffset(SimNow.AddHours(-1));
        var to = NanoTimestamp.FromDateTimeOffset(SimNow);
        var clock = Stopwatch.StartNew();
        long published = 0, expected = 0;
        foreach (var symbol in Symbols)
        {
            published += (await repairer.RepairAsync(HistoryKind.Trades, symbol, from, to, new PublishedEvents(TimeSpan.FromMinutes(5)), CancellationToken.None)).Published;
            expected += sim.TradesBetween(symbol, from, to.AddNanoseconds(-1)).Count;
        }
        if (!await publisher.FlushAsync(TimeSpan.FromSeconds(120))) throw new InvalidOperationException("Kafka did not acknowledge every repaired trade");
        clock.Stop();
        if (published != expected) throw new InvalidOperationException($"repaired {published:N0} trades, the venue published {expected:N0}");
        var rate = published / clock.Elapsed.TotalSeconds;
        log.WriteLine($"  repair: {published:N0} trades in {stats.Pages} pages acked in {clock.Elapsed.TotalSeconds:F2} s = {rate:N0} trades/s");
        return (rate, published, clock.Elapsed.TotalSeconds);
    }

    private static async Task<TimeSpan> BackfillYearAsync(TextWriter log)
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Start = SimNow, Speed = 1 });
        var host = Path.Combine(BenchPaths.Root, "src", "Torghut.Host", "bin", "Release", "net10.0", "torghut.dll");
        var psi = new ProcessStartInfo("dotnet",
            $"\"{host}\" backfill --symbols BTC/USD,ETH/USD,SOL/USD --from 2024-01-01T00:00:00Z --to 2024-12-31T23:59:00Z")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var (k, v) in sim.Settings) psi.Environment[k] = v;
        psi.Environment["TORGHUT_DATA_DIR"] = Path.Combine(Path.GetTempPath(), "torghut-bench-" + Guid.NewGuid().ToString("N"));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        if (process.ExitCode != 0) throw new InvalidOperationException($"torghut backfill exited {process.ExitCode}: {await stderr}\n{await stdout}");
        log.WriteLine($"  backfill-year: {clock.Elapsed.TotalSeconds:F1} s wall; {(await stdout).Split('\n').LastOrDefault(l => l.Length > 0)}");
        return clock.Elapsed;
    }
}
