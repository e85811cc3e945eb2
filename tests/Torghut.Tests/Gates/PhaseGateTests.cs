using System.Text.Json;
using System.Text.RegularExpressions;
using Torghut.Tests.Support;

namespace Torghut.Tests.Gates;

/// <summary>One live embedded pipeline (simulator → lane → TA → DuckDB) shared by the phase-gate cases that leave it healthy.</summary>
public sealed class HealthyPipelineFixture : IAsyncLifetime
{
    public HostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["SLO_EVAL_INTERVAL_MS"] = "500", ["BARS_BACKFILL_LOOKBACK_HOURS"] = "0.1", ["TA_STATUS_INTERVAL_MS"] = "1000",
            // A loaded 2-core CI machine can delay ingest by seconds; these tests check the gate, not the machine's speed
            // (the 2 s breach itself is covered by SloEvaluatorTests on a controlled clock).
            ["SLO_INGEST_FRESHNESS_P95_SECONDS"] = PhaseGateTests.LenientIngestP95,
            ["TORGHUT_TRADING_CRYPTO_ENABLED"] = "true", ["TORGHUT_TRADING_CRYPTO_LIVE_ENABLED"] = "true", ["TRADING_EXECUTION_ALLOWLIST"] = "BTC/USD",
        });
        using var http = new HttpClient();
        // Ready for gating once the host's own SLOs hold for the crypto lane (every pair covered, signals fresh).
        await Eventually.HoldsAsync(async () =>
        {
            var slos = JsonDocument.Parse(await http.GetStringAsync($"{Host.BaseUrl}/api/slo")).RootElement.GetProperty("slos").EnumerateArray().ToList();
            return slos.Any(s => s.GetProperty("slo").GetString() == "pair_coverage" && s.GetProperty("state").GetString() == "ok") &&
                   slos.Any(s => s.GetProperty("slo").GetString() == "ta_freshness_seconds" && s.GetProperty("state").GetString() == "ok");
        }, "crypto pairs covered and fresh", TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>`torghut gate` against a live host: each phase passes on a healthy pipeline and fails naming the criterion.</summary>
public sealed class PhaseGateTests(HealthyPipelineFixture pipeline) : IClassFixture<HealthyPipelineFixture>
{
    internal const string LenientIngestP95 = "30";

    private static readonly Dictionary<string, string?> GateEnv = new()
    {
        ["TRADING_EXECUTION_ALLOWLIST"] = "BTC/USD", ["SLO_INGEST_FRESHNESS_P95_SECONDS"] = LenientIngestP95,
    };

    internal static async Task<(int Code, JsonElement Report, string Err)> GateAsync(string url, IReadOnlyDictionary<string, string?> env, params string[] args)
    {
        var (code, output, err) = await CliRunner.RunAsync(env, ["gate", "--url", url, "--json", .. args]);
        return (code, JsonDocument.Parse(output).RootElement, err);
    }

    internal static JsonElement Criterion(JsonElement report, string name) =>
        report.GetProperty("criteria").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    [Theory]
    [InlineData(0, new[] { "universe_fetch_failures[crypto]", "ta_lag_seconds" })]
    [InlineData(1, new[] { "readiness", "topics_healthy", "new_crypto_rows" })]
    [InlineData(2, new[] { "rows_24h[BTC/USD]", "rows_24h[ETH/USD]", "rows_24h[SOL/USD]", "ingest_freshness_p95_seconds[crypto]", "decode_errors[crypto]", "ta_parse_failures" })]
    [InlineData(3, new[] { "eligibility[BTC/USD]", "reject_ratio", "fallback_ratio" })]
    public async Task Every_phase_passes_on_a_healthy_pipeline(int phase, string[] criteria)
    {
        // The embedded simulator trades ~0.5 times per second per pair (and a pair's minute may be empty): 3 s could pass
        // with no bar closing on any pair, failing new_crypto_rows on a healthy pipeline; 6 s holds several per pair.
        var (code, report, err) = await GateAsync(pipeline.Host.BaseUrl, GateEnv, "--phase", phase.ToString(), "--window", phase == 1 ? "6s" : "3s");
        report.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldBe(criteria);
        foreach (var c in report.GetProperty("criteria").EnumerateArray())
            c.GetProperty("result").GetString().ShouldBe("pass", $"{c.GetProperty("name")}: {c.GetProperty("observed")} ({c.GetProperty("detail")})\n{err}");
        report.GetProperty("verdict").GetString().ShouldBe("pass");
        code.ShouldBe(0);
    }

    [Fact]
    public async Task A_target_pair_without_rows_fails_phase_2_and_a_pair_outside_the_allowlist_fails_phase_3()
    {
        var (code2, report2, _) = await GateAsync(pipeline.Host.BaseUrl, GateEnv, "--phase", "2", "--window", "1s", "--symbols", "BTC/USD,DOGE/USD");
        code2.ShouldBe(1);
        Criterion(report2, "rows_24h[BTC/USD]").GetProperty("result").GetString().ShouldBe("pass");
        var doge = Criterion(report2, "rows_24h[DOGE/USD]");
        doge.GetProperty("result").GetString().ShouldBe("fail");
        doge.GetProperty("observed").GetString().ShouldBe("0 microbars, 0 signals");

        // 3 s as in the passing case: the simulated pairs can all be quiet for a second, and a window without venue
        // messages fails reject_ratio too (right, but not what this case is about; it failed CI that way once).
        var (code3, output3, _) = await CliRunner.RunAsync(GateEnv, "gate", "--url", pipeline.Host.BaseUrl, "--phase", "3", "--window", "3s", "--symbols", "ETH/USD");
        code3.ShouldBe(1);
        var line = output3.Split('\n').Single(l => l.StartsWith("eligibility[ETH/USD]"));
        line.ShouldContain("not_in_execution_allowlist");
        line.ShouldContain("FAIL");
        output3.ShouldContain("verdict: FAIL (phase 3: eligibility[ETH/USD])");
    }

    [Fact]
    public async Task The_host_exports_slo_verdicts_as_prometheus_metrics()
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"{pipeline.Host.BaseUrl}/metrics");
        metrics.ShouldContain("torghut_slo_ok{slo=\"pair_coverage\",lane=\"crypto\"} 1");
        metrics.ShouldContain("torghut_slo_threshold{slo=\"ta_freshness_seconds\",lane=\"crypto\"} 120");
        metrics.ShouldContain("torghut_slo_threshold{slo=\"ws_readiness_availability\",lane=\"crypto\"} 0.999");
        metrics.ShouldContain("torghut_slo_ok{slo=\"kafka_delivery_failures\",lane=\"all\"} 1");
        metrics.ShouldContain("torghut_market_open{lane=\"crypto\"} 1");
        Regex.IsMatch(metrics, "torghut_slo_observed\\{slo=\"ta_freshness_seconds\",lane=\"crypto\"\\} [0-9.]+").ShouldBeTrue();
        metrics.ShouldNotContain("NaN");
    }

    [Fact]
    public async Task An_unreachable_host_is_exit_2_never_a_pass()
    {
        var (code, report, _) = await GateAsync($"http://127.0.0.1:{HostProcess.FreePort()}", GateEnv, "--phase", "1", "--window", "1s");
        code.ShouldBe(2);
        report.GetProperty("verdict").GetString().ShouldBe("unreachable");
        report.GetProperty("unreachable").GetString()!.ShouldStartWith("host: ");
    }
}

/// <summary>A pipeline that goes wrong: the universe service is down (phase 0), then the venue goes silent (phase 1).</summary>
public sealed class FailingPipelineGateTests
{
    [Fact]
    public async Task Universe_failures_fail_phase_0_and_a_silent_venue_fails_phase_1_naming_new_crypto_rows()
    {
        var deadJangar = $"http://127.0.0.1:{HostProcess.FreePort()}/api/torghut/symbols";
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["SLO_EVAL_INTERVAL_MS"] = "500", ["BARS_BACKFILL_LOOKBACK_HOURS"] = "0.05",
            ["JANGAR_SYMBOLS_URL"] = deadJangar, ["SYMBOLS_POLL_INTERVAL_MS"] = "300", ["SYMBOLS_FETCH_TIMEOUT_MS"] = "500",
        });
        var env = new Dictionary<string, string?>();
        using var http = new HttpClient();
        // The lane polls its universe once it runs; on a loaded machine that can take longer than the gate's window.
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "ready", TimeSpan.FromSeconds(30));
        var (code0, report0, _) = await PhaseGateTests.GateAsync(host.BaseUrl, env, "--phase", "0", "--window", "2s");
        code0.ShouldBe(1);
        var universe = PhaseGateTests.Criterion(report0, "universe_fetch_failures[crypto]");
        universe.GetProperty("result").GetString().ShouldBe("fail");
        universe.GetProperty("observed").GetString()!.ShouldNotStartWith("0 ");

        await EmbeddedSimulator.FaultAsync(host, "silent");

        // Once the last bars before the silence are flushed, no new rows arrive: phase 1 fails on that criterion alone.
        JsonElement report1 = default;
        var code1 = -1;
        await Eventually.HoldsAsync(async () =>
        {
            (code1, report1, _) = await PhaseGateTests.GateAsync(host.BaseUrl, env, "--phase", "1", "--window", "2s");
            return code1 == 1;
        }, "phase 1 failing after the venue went silent", TimeSpan.FromSeconds(40));
        var rows = PhaseGateTests.Criterion(report1, "new_crypto_rows");
        rows.GetProperty("result").GetString().ShouldBe("fail");
        rows.GetProperty("observed").GetString().ShouldBe("0 new rows during the window");
        PhaseGateTests.Criterion(report1, "readiness").GetProperty("result").GetString().ShouldBe("pass"); // the socket is open and subscribed
    }
}
