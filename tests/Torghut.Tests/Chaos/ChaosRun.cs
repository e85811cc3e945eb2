using System.Text.Json;
using Alpaca.Simulator;
using Torghut.Abstractions;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Chaos;

/// <summary>
/// One chaos scenario against real processes: the Alpaca simulator (the venue, speed 60: an hour of market per wall
/// minute), the `torghut run --role ingest` binary and a Kafka-protocol broker. <see cref="VerifyAsync"/> stops the
/// host and checks what reached Kafka against the simulator's ground truth: per symbol, the trade ids and the quotes
/// over the run's span, and the latest version of every minute bar. Durations scale with TORGHUT_CHAOS_SCALE
/// (default 1; e.g. 5 turns the 2-minute drop storm into 10 minutes).
/// </summary>
public sealed class ChaosRun : IAsyncDisposable
{
    public static readonly string[] Pairs = ["BTC/USD", "ETH/USD", "SOL/USD"];
    private static readonly string[] Topics = ["torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1"];
    // Venue time trimmed off both ends of the span: a late trade (up to ~70 s after its time) of the first or last
    // minute may legitimately be outside what the stream had delivered when the run began or ended.
    private static readonly long EdgeNanos = TimeSpan.FromMinutes(3).Ticks * 100;

    private readonly KafkaMockBroker _kafka;
    private readonly Dictionary<string, string> _env;

    private ChaosRun(KafkaMockBroker kafka, AlpacaSimulatorServer sim, Dictionary<string, string> env)
    {
        _kafka = kafka;
        Sim = sim;
        _env = env;
    }

    public AlpacaSimulatorServer Sim { get; }

    /// <summary>Every host run's output, written next to the test results when a verification fails.</summary>
    private readonly System.Text.StringBuilder _hostLogs = new();

    private void Keep(HostProcess host) => _hostLogs.AppendLine($"==== host {host.Pid}").AppendLine(host.Output);

    public string HostLogs => _hostLogs.ToString() + (Host is null ? "" : $"==== host {Host.Pid} (running)\n{Host.Output}");
    public HostProcess? Host { get; private set; }
    public HttpClient Http { get; } = new();

    public static double Scale => double.TryParse(Environment.GetEnvironmentVariable("TORGHUT_CHAOS_SCALE"), out var s) && s > 0 ? s : 1;

    public static TimeSpan Scaled(TimeSpan t) => TimeSpan.FromTicks((long)(t.Ticks * Scale));

    public static async Task<ChaosRun> StartAsync(KafkaMockBroker kafka, IReadOnlyDictionary<string, string>? extra = null)
    {
        var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig
        {
            Speed = 60, Symbols = Pairs, TradesPerMinute = 40, QuotesPerMinute = 20, LateTradeProbability = 0.3,
            Start = DateTimeOffset.UtcNow - TimeSpan.FromHours(1),
        });
        var env = new Dictionary<string, string>(sim.Settings)
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs), ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap,
            ["TORGHUT_KAFKA_PROBE_MS"] = "500", ["BARS_BACKFILL_LOOKBACK_HOURS"] = "1", ["REPAIR_RETRY_MS"] = "2000",
            ["RECONNECT_MAX_MS"] = "2000",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
            if (v.Length == 0) env.Remove(k); else env[k] = v;
        var run = new ChaosRun(kafka, sim, env);
        await run.StartHostAsync();
        return run;
    }

    public async Task StartHostAsync()
    {
        Host = await HostProcess.StartAsync("run --role ingest", _env);
        await Eventually.HoldsAsync(async () => (await Http.GetAsync($"{Host.BaseUrl}/readyz")).IsSuccessStatusCode, "host ready",
            TimeSpan.FromSeconds(60));
    }

    /// <summary>SIGKILL: no drain, no flush. What was in the producer's buffer is gone with the process.</summary>
    public async Task KillHostAsync()
    {
        System.Diagnostics.Process.Start("kill", $"-KILL {Host!.Pid}")!.WaitForExit();
        (await Host.ExitCodeWithinAsync(TimeSpan.FromSeconds(20))).ShouldNotBeNull("host still running after SIGKILL");
        Keep(Host);
        await Host.DisposeAsync();
        Host = null;
    }

    /// <summary>SIGTERM: the host drains and flushes; exit 0 expected.</summary>
    public async Task StopHostAsync()
    {
        var output = Host!.Output;
        (await Host.StopAsync()).ShouldBe(0, output);
        Keep(Host);
        await Host.DisposeAsync();
        Host = null;
    }

    /// <summary>Every envelope in the ingest topics now (host stopped).</summary>
    public List<JsonElement> Dump() =>
        KafkaTopicDump.ReadAll(_kafka.Bootstrap, Topics, timeout: TimeSpan.FromSeconds(120)).Select(r => JsonDocument.Parse(r.Message.Value).RootElement).ToList();

    public Task SetFaultsAsync(string plan)
    {
        Sim.Faults.Apply(plan, replace: true);
        return Task.CompletedTask;
    }

    public Task ClearFaultsAsync()
    {
        Sim.Faults.Clear();
        return Task.CompletedTask;
    }

    public Task KafkaAsync(string command) => _kafka.ControlAsync(command);

    /// <summary>The crypto lane's reconnects so far (`/api/ingest`).</summary>
    public async Task<long> ReconnectsAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{Host!.BaseUrl}/api/ingest"));
        return doc.RootElement.GetProperty("crypto").GetProperty("reconnects").GetInt64();
    }

    /// <summary>
    /// Waits until the host reports no open hole; with <paramref name="repairedBefore"/> (from
    /// <see cref="HolesRepairedAsync"/> taken before the fault ended) also until a repair has finished since. Without
    /// it, a lane that has not yet noticed its dead socket (a reader paused behind a full buffer) shows no hole yet.
    /// </summary>
    public async Task WaitForRepairsAsync(TimeSpan? timeout = null, long? repairedBefore = null)
    {
        await Eventually.HoldsAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{Host!.BaseUrl}/api/repairs"));
            var symbols = doc.RootElement.GetProperty("crypto").GetProperty("symbols");
            return Pairs.All(p => symbols.TryGetProperty(p, out var s) && s.GetProperty("holesOpen").GetInt64() == 0)
                && (repairedBefore is null || Pairs.Sum(p => symbols.GetProperty(p).GetProperty("holesRepaired").GetInt64()) > repairedBefore);
        }, "every hole repaired", timeout ?? TimeSpan.FromSeconds(90));
    }

    /// <summary>Holes repaired so far over the pairs.</summary>
    public async Task<long> HolesRepairedAsync()
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{Host!.BaseUrl}/api/repairs"));
        var symbols = doc.RootElement.GetProperty("crypto").GetProperty("symbols");
        return Pairs.Sum(p => symbols.TryGetProperty(p, out var s) ? s.GetProperty("holesRepaired").GetInt64() : 0);
    }

    /// <summary>Stops the host (SIGTERM) and checks Kafka against the simulator's ground truth.</summary>
    public async Task<ChaosVerdict> VerifyAsync(bool expectRepairs = true)
    {
        await Task.Delay(TimeSpan.FromSeconds(5)); // a few more venue minutes after the last repair
        var output = Host!.Output;
        (await Host.StopAsync()).ShouldBe(0, output);
        Keep(Host);
        var records = KafkaTopicDump.ReadAll(_kafka.Bootstrap, Topics, timeout: TimeSpan.FromSeconds(120))
            .Select(r => (Envelope: JsonDocument.Parse(r.Message.Value).RootElement, Partition: r.Partition.Value, Offset: r.Offset.Value)).ToList();
        var verdict = new ChaosVerdict();
        var logFile = Path.Combine(Path.GetTempPath(), $"torghut-chaos-{Sim.Port}.log");
        File.WriteAllText(logFile, _hostLogs.ToString());
        foreach (var symbol in Pairs)
        {
            var mine = records.Where(r => r.Envelope.GetProperty("symbol").GetString() == symbol).ToList();
            VerifyTrades(symbol, mine.Where(r => Channel(r.Envelope) == "trades").Select(r => r.Envelope).ToList(), verdict);
            VerifyBars(symbol, mine.Where(r => Channel(r.Envelope) is "bars" or "updatedBars").OrderBy(r => r.Offset).Select(r => r.Envelope).ToList(), verdict);
        }
        if (expectRepairs) verdict.RepairedTrades.ShouldBeGreaterThan(0, "the fault made no hole the repair had to fill: the scenario proves nothing");
        return verdict;
    }

    private static string Channel(JsonElement e) => e.GetProperty("channel").GetString()!;

    private void VerifyTrades(string symbol, List<JsonElement> trades, ChaosVerdict verdict)
    {
        trades.Count.ShouldBeGreaterThan(100, $"{symbol}: trades in Kafka");
        var byId = trades.GroupBy(t => t.GetProperty("payload").GetProperty("i").GetInt64()).ToList();
        // A record the broker wrote twice (a produce retry across a broker restart that librdkafka's mock cluster does
        // not deduplicate) is byte-identical: same ingestTs and seq, one downstream row. Torghut publishing a trade
        // twice (live and repaired) never is: the envelopes differ in ingestTs, seq or source. Only the latter fails.
        var doubled = byId.Where(g => g.Select(t => t.GetRawText()).Distinct().Count() > 1).Select(g => g.Key).ToList();
        doubled.ShouldBeEmpty($"{symbol}: trades published more than once");
        verdict.TransportDuplicates += byId.Sum(g => g.Count() - 1);
        var times = trades.Select(t => NanoTimestamp.Parse(t.GetProperty("eventTs").GetString()!)).ToList();
        var from = times.Min().AddNanoseconds(EdgeNanos);
        var to = times.Max().AddNanoseconds(-EdgeNanos);
        (to > from).ShouldBeTrue($"{symbol}: run too short to judge ({times.Min()}..{times.Max()})");
        var truth = Sim.TradesBetween(symbol, from, to).Select(t => t.Id).ToHashSet();
        var held = trades.Where(t => NanoTimestamp.Parse(t.GetProperty("eventTs").GetString()!) is var ts && ts >= from && ts < to)
            .Select(t => t.GetProperty("payload").GetProperty("i").GetInt64()).ToHashSet();
        var missing = truth.Except(held).Order().ToList();
        var foreign = held.Except(truth).Order().ToList();
        missing.ShouldBeEmpty($"{symbol}: {missing.Count} of {truth.Count} venue trades in [{from}, {to}) missing from Kafka (first {string.Join(",", missing.Take(5))}; host logs: {Path.Combine(Path.GetTempPath(), $"torghut-chaos-{Sim.Port}.log")})");
        foreign.ShouldBeEmpty($"{symbol}: trades in Kafka the venue never published");
        verdict.Trades += truth.Count;
        verdict.RepairedTrades += trades.Count(t => t.GetProperty("source").GetString() == "rest");
    }

    private void VerifyBars(string symbol, List<JsonElement> bars, ChaosVerdict verdict)
    {
        // The latest version of each minute (Kafka order within the symbol's partition) is what downstream keeps.
        var latest = new Dictionary<long, JsonElement>();
        foreach (var b in bars) latest[NanoTimestamp.Parse(b.GetProperty("eventTs").GetString()!).UnixNanoseconds] = b;
        var first = latest.Keys.Min() + EdgeNanos;
        var last = latest.Keys.Max() - EdgeNanos;
        for (var minute = first - first % 60_000_000_000L; minute <= last; minute += 60_000_000_000L)
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(minute / 1_000_000);
            var expected = Sim.ExpectedBar(symbol, at);
            if (expected is null) continue;
            latest.TryGetValue(minute, out var held).ShouldBeTrue($"{symbol}: minute {at:O} missing from the bars topic");
            var p = held.GetProperty("payload");
            (p.GetProperty("o").GetDouble(), p.GetProperty("h").GetDouble(), p.GetProperty("l").GetDouble(), p.GetProperty("c").GetDouble(), p.GetProperty("v").GetDouble())
                .ShouldBe(((double)expected.Open, (double)expected.High, (double)expected.Low, (double)expected.Close, (double)expected.Volume),
                    $"{symbol}: minute {at:O} does not hold the venue's final bar");
            verdict.Minutes++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await Sim.DisposeAsync();
        Http.Dispose();
    }
}

/// <summary>What a verified run covered (for the test's output and the closing numbers).</summary>
public sealed class ChaosVerdict
{
    public long Trades { get; set; }
    public long RepairedTrades { get; set; }
    public long Minutes { get; set; }
    /// <summary>Byte-identical records the broker holds twice (its retry, not Torghut's publishing).</summary>
    public long TransportDuplicates { get; set; }

    public override string ToString() =>
        $"{Trades} venue trades matched exactly ({RepairedTrades} repaired from REST), {Minutes} minute bars final, {TransportDuplicates} byte-identical broker duplicates";
}
