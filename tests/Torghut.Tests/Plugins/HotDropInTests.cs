using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Alpaca.Simulator;
using Torghut.Tests.Support;

namespace Torghut.Tests.Plugins;

/// <summary>
/// Hot drop-in against the real `torghut run`: plugin folders added, replaced (good and broken) and a plugin that
/// throws in Decode, all while the host runs, with lanes configured for those plugins through TORGHUT_LANES.
/// </summary>
[Collection(TestPluginsCollection.Name)]
public sealed class HotDropInTests(TestPlugins plugins)
{
    private const string Token = "drop-in-token";
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Plugins_dropped_replaced_and_broken_while_the_host_runs()
    {
        using var dir = new TempDir("torghut-dropin");
        var pluginsDir = Path.Combine(dir.Path, "plugins");
        Directory.CreateDirectory(pluginsDir);
        // Any websocket that sends a frame on connect will do for a decoder that throws on the first frame.
        await using var venue = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig());
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_PLUGINS_DIR"] = pluginsDir,
            ["TORGHUT_ADMIN_TOKEN"] = Token,
            ["TORGHUT_EMBEDDED_SIMULATOR"] = "false",
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "false",
            ["TORGHUT_WS_EQUITY_ENABLED"] = "false",
            ["TORGHUT_PLUGINS_DEBOUNCE_MS"] = "200",
            ["TORGHUT_PLUGINS_RESCAN_MS"] = "0", // the watcher alone must notice folders
            ["TORGHUT_LANES"] = "hot,boom",
            ["TORGHUT_LANE_HOT_PLUGIN"] = TestPlugins.Good,
            ["TORGHUT_LANE_HOT_SYMBOLS"] = "btc/usd",
            ["TORGHUT_LANE_BOOM_PLUGIN"] = TestPlugins.DecodeThrows,
            ["TORGHUT_LANE_BOOM_SYMBOLS"] = "ETH/USD",
            ["TORGHUT_LANE_BOOM_SAMPLE_STREAM_URL"] = venue.StreamUrl("/v1beta3/crypto/us").ToString(),
            ["ENABLE_BARS_BACKFILL"] = "false",
        });

        // Nothing in the folder yet: the configured lane says what it is waiting for.
        (await Lane(host, "hot")).GetProperty("problem").GetString().ShouldContain($"plugin {TestPlugins.Good} not found");

        // 1. Dropped in: picked up by the watcher, and the lane starts on it without a restart.
        CopyFolder(Path.Combine(plugins.PluginsDir, TestPlugins.Good), Path.Combine(pluginsDir, TestPlugins.Good));
        var first = await LaneWhen(host, "hot", l => l.GetProperty("running").GetBoolean() && l.GetProperty("pluginVersion").GetString() == "0.3.1");
        first.GetProperty("starts").GetInt32().ShouldBe(1);

        // 2. Replaced by a new version (folder deleted and copied again): the lane restarts on 0.4.0.
        Directory.Delete(Path.Combine(pluginsDir, TestPlugins.Good), recursive: true);
        CopyFolder(plugins.Variant("v2", TestPlugins.Good), Path.Combine(pluginsDir, TestPlugins.Good));
        var second = await LaneWhen(host, "hot", l => l.GetProperty("running").GetBoolean() && l.GetProperty("pluginVersion").GetString() == "0.4.0");
        second.GetProperty("starts").GetInt32().ShouldBe(2);

        // 3. A broken replacement (its constructor throws), files overwritten in place: 0.4.0 keeps running, the
        //    refusal is reported by the API, and `torghut plugins` on the folder shows the failure.
        CopyFolder(plugins.Variant("broken", TestPlugins.Good), Path.Combine(pluginsDir, TestPlugins.Good));
        using (var reload = await Reload(host, Token))
        {
            reload.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var view = await PluginWhen(host, TestPlugins.Good, p => p.GetProperty("replacementError").ValueKind == JsonValueKind.String);
        view.GetProperty("version").GetString().ShouldBe("0.4.0");
        view.GetProperty("status").GetString().ShouldBe("loaded");
        view.GetProperty("replacementError").GetString()!.ShouldContain("version 0.5.0 refuses to start");
        var hot = await Lane(host, "hot");
        hot.GetProperty("running").GetBoolean().ShouldBeTrue();
        hot.GetProperty("pluginVersion").GetString().ShouldBe("0.4.0");
        hot.GetProperty("starts").GetInt32().ShouldBe(2);
        var cli = await CliRunner.RunAsync(new Dictionary<string, string?> { ["TORGHUT_PLUGINS_DIR"] = pluginsDir }, "plugins");
        cli.Code.ShouldBe(1, cli.Out + cli.Err);
        cli.Out.ShouldContain("version 0.5.0 refuses to start");

        // 4. The reload endpoint is a write: no token, no rescan.
        using (var denied = await Reload(host, "wrong"))
            denied.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // 5. A plugin that throws in Decode: its lane is marked failed, counted in /metrics, and the host and the
        //    other lane carry on.
        CopyFolder(plugins.Variant("decode-throws", TestPlugins.DecodeThrows), Path.Combine(pluginsDir, TestPlugins.DecodeThrows));
        var boom = await LaneWhen(host, "boom", l => l.GetProperty("failed").GetBoolean());
        boom.GetProperty("running").GetBoolean().ShouldBeFalse();
        boom.GetProperty("problem").GetString()!.ShouldContain($"plugin {TestPlugins.DecodeThrows} threw in Decode: NullReferenceException: sample decoder bug");
        var metrics = await Http.GetStringAsync($"{host.BaseUrl}/metrics");
        metrics.ShouldContain("torghut_lane_failures_total{lane=\"boom\"} 1");
        metrics.ShouldContain("torghut_lane_failed{lane=\"boom\"} 1");
        metrics.ShouldContain("torghut_lane_running{lane=\"hot\"} 1");
        (await Http.GetAsync($"{host.BaseUrl}/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Failed stays failed (no restart loop) while the plugin is unchanged.
        await Task.Delay(1500);
        (await Lane(host, "boom")).GetProperty("failures").GetInt32().ShouldBe(1);
        (await Lane(host, "hot")).GetProperty("running").GetBoolean().ShouldBeTrue();

        (await host.StopAsync()).ShouldBe(0, host.Output);
    }

    private static async Task<HttpResponseMessage> Reload(HostProcess host, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{host.BaseUrl}/api/plugins/reload");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    private static async Task<JsonElement> Lane(HostProcess host, string name)
    {
        using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/lanes"));
        return doc.RootElement.EnumerateArray().Single(l => l.GetProperty("name").GetString() == name).Clone();
    }

    private static async Task<JsonElement> LaneWhen(HostProcess host, string name, Func<JsonElement, bool> condition)
    {
        JsonElement last = default;
        await Eventually.HoldsAsync(async () => condition(last = await Lane(host, name)), $"lane {name} as expected (last: {last})",
            TimeSpan.FromSeconds(20));
        return last;
    }

    private static async Task<JsonElement> PluginWhen(HostProcess host, string name, Func<JsonElement, bool> condition)
    {
        JsonElement last = default;
        await Eventually.HoldsAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/plugins"));
            last = doc.RootElement.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).Clone();
            return condition(last);
        }, $"plugin {name} as expected", TimeSpan.FromSeconds(20));
        return last;
    }

    internal static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
    }
}
