using System.Reflection;
using System.Text.Json;
using Torghut.Tests.Support;

namespace Torghut.Tests.Plugins;

/// <summary>
/// samples/Replay.Venue (third-party: built from the template against the packed SDK, pinning YamlDotNet 15 while the
/// host ships 16) serving a lane of the real `torghut run`, configured with TORGHUT_LANES and switched by a flag
/// from the flags file: its bundled simulator replays the recording and every recorded element reaches the
/// transport and the TA worker.
/// </summary>
public sealed class ReplayLaneTests(ReplayVenueBuild replay) : IClassFixture<ReplayVenueBuild>
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task A_configured_lane_streams_the_recording_through_the_third_party_plugin_into_the_pipeline()
    {
        using var dir = new TempDir("torghut-replay-lane");
        var flags = Path.Combine(dir.Path, "flags.yaml");
        // The host parses this with its YamlDotNet 16 while the plugin parses replay.yaml with its own 15.
        await File.WriteAllTextAsync(flags, FlagsFile.Yaml(("torghut_ws_replay_enabled", true)));
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_PLUGINS_DIR"] = replay.PluginsDir,
            ["TORGHUT_FLAGS_FILE"] = flags,
            ["TORGHUT_EMBEDDED_SIMULATOR"] = "false",
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "false",
            ["TORGHUT_WS_EQUITY_ENABLED"] = "false",
            ["TORGHUT_LANES"] = "replay",
            ["TORGHUT_LANE_REPLAY_PLUGIN"] = ReplayVenueBuild.Name,
            ["TORGHUT_LANE_REPLAY_SYMBOLS"] = "acme, GLOBEX",
            ["TORGHUT_LANE_REPLAY_FLAG"] = "torghut_ws_replay_enabled",
            ["TORGHUT_LANE_REPLAY_SIMULATOR"] = "true",
        });

        JsonElement session = default;
        await Eventually.HoldsAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/ingest"));
            if (!doc.RootElement.TryGetProperty("replay", out var s)) return false;
            session = s.Clone();
            return s.GetProperty("messagesPerChannel").TryGetProperty("trades", out var t) && t.GetInt64() >= 5;
        }, "the recording's trades published by the replay lane", TimeSpan.FromSeconds(30));

        // The recording: 5 trades, 2 quotes, 2 bars of ACME and GLOBEX, the last trade at 14:30:01 (nanosecond clock).
        session.GetProperty("ready").GetBoolean().ShouldBeTrue();
        session.GetProperty("decodeErrors").GetInt64().ShouldBe(0);
        var perChannel = session.GetProperty("messagesPerChannel");
        perChannel.GetProperty("trades").GetInt64().ShouldBe(5);
        perChannel.GetProperty("quotes").GetInt64().ShouldBe(2);
        perChannel.GetProperty("bars").GetInt64().ShouldBe(2);
        session.GetProperty("lastEvent").GetProperty("trades").GetProperty("unixNanoseconds").GetInt64()
            .ShouldBe(DateTimeOffset.Parse("2024-03-12T14:30:01Z").ToUnixTimeSeconds() * 1_000_000_000L);
        session.GetProperty("subscribed").GetProperty("trades").EnumerateArray().Select(s => s.GetString()).ShouldBe(["ACME", "GLOBEX"]);

        using (var lanes = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/lanes")))
        {
            var lane = lanes.RootElement.EnumerateArray().Single(l => l.GetProperty("name").GetString() == "replay");
            lane.GetProperty("running").GetBoolean().ShouldBeTrue();
            lane.GetProperty("plugin").GetString().ShouldBe(ReplayVenueBuild.Name);
            lane.GetProperty("pluginVersion").GetString().ShouldBe("1.0.0");
            lane.GetProperty("streamUrl").GetString()!.ShouldStartWith("ws://127.0.0.1:");
        }

        // Through the transport into the TA worker: it consumed the recorded trades.
        await Eventually.HoldsAsync(async () =>
        {
            using var ta = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/ta"));
            return ta.RootElement.GetProperty("running").GetBoolean() && ta.RootElement.GetProperty("counters").GetProperty("trades").GetInt64() >= 5;
        }, "the TA worker consumed the replayed trades", TimeSpan.FromSeconds(30));

        // The plugin ran its own YamlDotNet 15 inside the host; the host's own is 16.
        using (var pluginsDoc = JsonDocument.Parse(await Http.GetStringAsync($"{host.BaseUrl}/api/plugins")))
        {
            var plugin = pluginsDoc.RootElement.EnumerateArray().Single(p => p.GetProperty("name").GetString() == ReplayVenueBuild.Name);
            plugin.GetProperty("assemblies").EnumerateArray().Select(a => a.GetString()).ShouldContain(a => a!.StartsWith("YamlDotNet 15."));
        }
        AssemblyName.GetAssemblyName(Path.Combine(RepoPaths.HostOutput, "YamlDotNet.dll")).Version!.Major.ShouldBe(16);

        (await host.StopAsync()).ShouldBe(0, host.Output);
    }
}
