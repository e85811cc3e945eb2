using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alpaca.Simulator;
using Torghut.LocalServers;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Shutdown;

/// <summary>
/// SIGTERM → the process exits within TORGHUT_SHUTDOWN_TIMEOUT_MS whatever is down, says what it could not deliver,
/// and exits 0 (a requested stop). Real processes: the host, the Kafka mock broker, the venue simulator.
/// </summary>
public sealed partial class ShutdownBudgetTests(KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(5);
    // Process exit itself (runtime teardown, the kill command) is outside the budget's reach.
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task With_every_broker_down_sigterm_exits_within_the_budget_and_reports_the_undelivered_records()
    {
        // The firehose fills the producer's buffer while Kafka is down, so the reader waits on it at shutdown too.
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Symbols = ["BTC/USD"], FirehoseSymbols = ["BTC/USD"] });
        var env = new Dictionary<string, string>(sim.Settings)
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = "BTC/USD", ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap,
            ["TORGHUT_KAFKA_PROBE_MS"] = "500", ["ENABLE_BARS_BACKFILL"] = "false", ["KAFKA_BUFFER_RECORDS"] = "20000",
            ["TORGHUT_SHUTDOWN_TIMEOUT_MS"] = ((int)Budget.TotalMilliseconds).ToString(),
        };
        using var http = new HttpClient();
        await using var host = await HostProcess.StartAsync("run --role ingest", env);
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "ready", TimeSpan.FromSeconds(30));
        await kafka.ControlAsync("down all");
        var clock = new Stopwatch();
        int exit;
        try
        {
            await Eventually.HoldsAsync(async () => !(await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "not ready with Kafka down", TimeSpan.FromSeconds(20));
            await Task.Delay(1000); // the buffer fills: the reader now waits for room
            clock.Start();
            exit = await host.StopAsync();
            clock.Stop();
        }
        finally { await kafka.ControlAsync("up all"); }

        exit.ShouldBe(0, host.Output);
        clock.Elapsed.ShouldBeLessThan(Budget + Slack, host.Output);
        var report = UndeliveredReport().Match(host.Output);
        report.Success.ShouldBeTrue(host.Output);
        long.Parse(report.Groups[1].Value).ShouldBeGreaterThan(0);
        report.Value.ShouldContain("torghut.trades.v1: ");
        report.Value.ShouldContain("repaired from the venue's history at the next start");
    }

    [Fact]
    public async Task A_ta_worker_with_every_broker_down_exits_within_the_budget()
    {
        var env = new Dictionary<string, string>
        {
            ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap, ["TA_GROUP_ID"] = "ta-shutdown-" + Guid.NewGuid().ToString("N")[..8],
            ["TORGHUT_SHUTDOWN_TIMEOUT_MS"] = ((int)Budget.TotalMilliseconds).ToString(),
        };
        await using var host = await HostProcess.StartAsync("run --role ta", env);
        await Task.Delay(2000); // joined its group
        await kafka.ControlAsync("down all");
        try
        {
            await Task.Delay(2000);
            var clock = Stopwatch.StartNew();
            var exit = await host.StopAsync();
            clock.Stop();
            exit.ShouldBe(0, host.Output);
            clock.Elapsed.ShouldBeLessThan(Budget + Slack, host.Output);
        }
        finally { await kafka.ControlAsync("up all"); }
    }

    [Fact]
    public async Task With_clickhouse_gone_while_trades_flow_sigterm_still_exits_within_the_budget()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Symbols = ["BTC/USD"], FirehoseSymbols = ["BTC/USD"] });
        var clickhouse = await ClickHouseLocalServer.StartAsync();
        var env = new Dictionary<string, string>(sim.Settings)
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = "BTC/USD", ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap,
            ["ENABLE_BARS_BACKFILL"] = "false", ["TA_GROUP_ID"] = "ta-shutdown-" + Guid.NewGuid().ToString("N")[..8],
            ["TA_CLICKHOUSE_URL"] = clickhouse.Url.ToString(), ["TA_CLICKHOUSE_USER"] = "default", ["TA_CLICKHOUSE_DATABASE"] = "shutdown",
            ["TORGHUT_SHUTDOWN_TIMEOUT_MS"] = ((int)Budget.TotalMilliseconds).ToString(),
        };
        await using var host = await HostProcess.StartAsync("run --role all", env);
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () =>
        {
            using var ta = JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ta"));
            return ta.RootElement.GetProperty("running").GetBoolean() && ta.RootElement.GetProperty("microbarsWritten").GetInt64() > 0;
        }, "microbars stored", TimeSpan.FromSeconds(60));
        await clickhouse.DisposeAsync(); // the store is gone; the worker retries its writes meanwhile
        await Task.Delay(1000);

        var clock = Stopwatch.StartNew();
        var exit = await host.StopAsync();
        clock.Stop();

        clock.Elapsed.ShouldBeLessThan(Budget + Slack, host.Output);
        // 0, or 1 if the store's refusals had already failed the worker for good: exited by itself, never killed.
        exit.ShouldBeOneOf([0, 1], host.Output);
    }

    [Fact]
    public async Task Embedded_mode_exits_promptly_on_sigterm()
    {
        await using var host = await HostProcess.StartAsync("run --role all", new Dictionary<string, string>());
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "ready", TimeSpan.FromSeconds(30));

        var clock = Stopwatch.StartNew();
        (await host.StopAsync()).ShouldBe(0, host.Output);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5), host.Output);
        host.Output.ShouldContain("shutdown budget 15 s");
    }

    [GeneratedRegex(@"kafka publisher stopped with (\d+) records undelivered[^\n]*")]
    private static partial Regex UndeliveredReport();
}
