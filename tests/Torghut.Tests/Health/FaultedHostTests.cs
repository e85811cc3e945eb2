using System.Net;
using System.Text.Json;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Host.Gates.Phases;
using Torghut.Tests.Support;

namespace Torghut.Tests.Health;

/// <summary>
/// The real binary against the built-in simulator with faults: a partial fault degrades and never restarts the
/// process, and the counters an operator (and `torghut gate`) reads keep counting across a lane restart.
/// </summary>
public sealed class FaultedHostTests
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_refused_symbol_leaves_the_host_alive_and_ready_degraded_while_the_other_symbols_stream()
    {
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["SUBSCRIBE_BATCH_SIZE"] = "1", // one subscribe per symbol: the venue refuses only the one over the limit
            ["HEALTH_NOT_READY_KILL_AFTER_MS"] = "3000", // upstream's escalation would have restarted the pod after 3 s
        });
        await Eventually.HoldsAsync(async () => (await Http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "ready", TimeSpan.FromSeconds(30));

        // The plan's limit is 2 symbols; the drop makes the lane reconnect and subscribe again under it.
        await EmbeddedSimulator.FaultAsync(host, "symbol-limit n=2; drop mode=close count=1");
        JsonElement readyz = default;
        await Eventually.HoldsAsync(async () =>
        {
            (var status, readyz) = await ReadyzAsync(host); // 503 while the lane reconnects after the drop
            return status == HttpStatusCode.OK && readyz.GetProperty("degraded").GetBoolean();
        }, "ready, degraded after the 405", TimeSpan.FromSeconds(30));
        var problem = readyz.GetProperty("problems").EnumerateArray().Single();
        problem.GetProperty("error_class").GetString().ShouldBe("alpaca_symbol_limit");
        problem.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()).ShouldBe(["SOL/USD"]);

        var before = await PairEventsAsync(host);
        for (var i = 0; i < 10; i++) // 10 s: more than three times the old kill-after
        {
            var healthz = await Http.GetAsync($"{host.BaseUrl}/healthz");
            healthz.StatusCode.ShouldBe(HttpStatusCode.OK, await healthz.Content.ReadAsStringAsync());
            await Task.Delay(1000);
        }
        var after = await PairEventsAsync(host);
        string.Join(",", after.Keys.Order()).ShouldBe("BTC/USD,ETH/USD", await Http.GetStringAsync($"{host.BaseUrl}/api/ingest"));
        after["BTC/USD"].ShouldBeGreaterThan(before.GetValueOrDefault("BTC/USD")); // a pair shows once it had an event
        after["ETH/USD"].ShouldBeGreaterThan(before.GetValueOrDefault("ETH/USD"));
        after.ShouldNotContainKey("SOL/USD");
        var (finalStatus, finalReadyz) = await ReadyzAsync(host);
        finalStatus.ShouldBe(HttpStatusCode.OK);
        finalReadyz.GetProperty("problems").EnumerateArray().Single().GetProperty("detail").GetString()!.ShouldContain("SOL/USD");
        var metrics = await Http.GetStringAsync($"{host.BaseUrl}/metrics");
        metrics.ShouldContain("torghut_ws_readyz_degraded 1");
        metrics.ShouldContain("torghut_health_problem{component=\"lane:crypto\",error_class=\"alpaca_symbol_limit\"} 1");
        metrics.ShouldContain("torghut_healthz_status 1");
    }

    [Fact]
    public async Task Counters_keep_rising_across_a_lane_restart_and_count_corrupted_frames_after_it()
    {
        using var dir = new TempDir();
        var flags = dir.File("features.yaml", FlagsFile.Yaml((FlagKeys.WsCrypto, true)));
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            [ConfigKeys.FlagsFile] = flags, ["TORGHUT_FLAGS_POLL_MS"] = "100",
        });
        var samples = new List<double>();
        async Task<double> Messages()
        {
            var m = PrometheusText.Parse(await Http.GetStringAsync($"{host.BaseUrl}/metrics")).Sum("torghut_ws_provider_messages_total", ("lane", "crypto"));
            samples.Add(m);
            return m;
        }
        await Eventually.HoldsAsync(async () => await Messages() >= 100, "100 messages counted", TimeSpan.FromSeconds(60));

        FlagsFile.Replace(flags, FlagsFile.Yaml((FlagKeys.WsCrypto, false)));
        await Eventually.HoldsAsync(async () => !await CryptoRunningAsync(host), "crypto lane stopped", TimeSpan.FromSeconds(30));
        var beforeRestart = await Messages(); // the stopped instance's final count
        FlagsFile.Replace(flags, FlagsFile.Yaml((FlagKeys.WsCrypto, true)));
        // The new session counts from 0; the exported total rises with it while that session is still far below.
        await Eventually.HoldsAsync(async () =>
        {
            var total = await Messages();
            var session = await SessionMessagesAsync(host);
            return session is > 0 && session < beforeRestart && total > beforeRestart;
        }, "the total rising with the new session's first messages", TimeSpan.FromSeconds(30));

        await EmbeddedSimulator.FaultAsync(host, "corrupt rate=0.5 kinds=truncated,types");
        await Eventually.HoldsAsync(async () =>
        {
            var text = PrometheusText.Parse(await Http.GetStringAsync($"{host.BaseUrl}/metrics"));
            await Messages();
            return text.Sum("torghut_ws_decode_errors_total", ("lane", "crypto")) > 0
                   && text.Sum("torghut_ws_messages_total", ("lane", "crypto"), ("outcome", "decode_error")) > 0;
        }, "decode errors counted", TimeSpan.FromSeconds(30));
        var byType = PrometheusText.Parse(await Http.GetStringAsync($"{host.BaseUrl}/metrics"));
        byType.Sum("torghut_ws_messages_total", ("lane", "crypto"), ("type", "t"), ("outcome", "published")).ShouldBeGreaterThan(0);
        byType.Sum("torghut_ws_messages_total", ("lane", "crypto"), ("type", "subscription"), ("outcome", "control")).ShouldBeGreaterThan(0);
        samples.ShouldBe(samples.Order().ToList(), "torghut_ws_provider_messages_total never went back");
        samples[^1].ShouldBeGreaterThan(beforeRestart);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyzAsync(HostProcess host)
    {
        var response = await Http.GetAsync($"{host.BaseUrl}/readyz");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    private static async Task<Dictionary<string, long>> PairEventsAsync(HostProcess host)
    {
        var ingest = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/ingest")).RootElement;
        return ingest.GetProperty("crypto").GetProperty("pairs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("events").GetInt64());
    }

    private static async Task<long?> SessionMessagesAsync(HostProcess host)
    {
        var ingest = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/ingest")).RootElement;
        return ingest.TryGetProperty("crypto", out var crypto) ? crypto.GetProperty("messages").GetInt64() : null;
    }

    private static async Task<bool> CryptoRunningAsync(HostProcess host)
    {
        var lanes = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/lanes")).RootElement;
        return lanes.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "crypto").GetProperty("running").GetBoolean();
    }
}
