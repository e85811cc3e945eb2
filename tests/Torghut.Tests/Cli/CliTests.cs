using System.Text.Json;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Tests.Support;

namespace Torghut.Tests.Cli;

[Collection(TestPluginsCollection.Name)]
public sealed class CliTests(TestPlugins plugins) : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private Dictionary<string, string?> Env(params (string, string?)[] extra)
    {
        var env = new Dictionary<string, string?>
        {
            [ConfigKeys.PluginsDir] = plugins.PluginsDir,
            [ConfigKeys.CryptoPlugin] = TestPlugins.Good,
        };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    [Fact]
    public async Task Plugins_json_lists_every_folder_with_status_and_exits_1_when_one_failed()
    {
        var (code, output, _) = await CliRunner.RunAsync(Env(), "plugins", "--json");
        code.ShouldBe(1);
        var doc = JsonDocument.Parse(output).RootElement;
        doc.GetProperty("hostContract").GetString().ShouldBe(Torghut.Abstractions.ContractVersion.Text);
        var list = doc.GetProperty("plugins").EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
        list[TestPlugins.Good].GetProperty("status").GetString().ShouldBe("loaded");
        list[TestPlugins.Good].GetProperty("version").GetString().ShouldBe("0.3.1");
        list[TestPlugins.Good].GetProperty("market").GetString().ShouldBe("crypto");
        list[TestPlugins.Throwing].GetProperty("status").GetString().ShouldBe("failed");
        list[TestPlugins.Throwing].GetProperty("error").GetString().ShouldContain("constructor threw");
        list.Count.ShouldBe(7);
    }

    [Fact]
    public async Task Flags_shows_value_and_source()
    {
        var (code, output, _) = await CliRunner.RunAsync(Env(("TORGHUT_WS_EQUITY_ENABLED", "true")), "flags");
        code.ShouldBe(0);
        output.ShouldContain("torghut_ws_equity_enabled");
        output.Split('\n').Single(l => l.StartsWith("torghut_ws_equity_enabled")).ShouldContain("env TORGHUT_WS_EQUITY_ENABLED");
    }

    [Fact]
    public async Task Lanes_follow_the_flags_file_between_invocations_and_show_canonical_symbols()
    {
        var file = _dir.File("features.yaml", FlagsFile.Yaml((FlagKeys.WsCrypto, true)));
        var env = Env((ConfigKeys.FlagsFile, file), (ConfigKeys.CryptoSymbols, " btc/usd ,eth/usd,BTC/USD,nonsense"),
            ("SAMPLE_STREAM_URL", "ws://127.0.0.1:9/x"));

        var (code, output, _) = await CliRunner.RunAsync(env, "lanes", "--json");
        code.ShouldBe(0);
        var lane = JsonDocument.Parse(output).RootElement.GetProperty("lanes").EnumerateArray().Single();
        lane.GetProperty("name").GetString().ShouldBe("crypto");
        lane.GetProperty("streamUrl").GetString().ShouldBe("ws://127.0.0.1:9/x");
        lane.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BTC/USD", "ETH/USD"]);
        lane.GetProperty("rejectedSymbols").EnumerateArray().Single().GetProperty("input").GetString().ShouldBe("nonsense");

        FlagsFile.Replace(file, FlagsFile.Yaml((FlagKeys.WsCrypto, false)));
        var (_, after, _) = await CliRunner.RunAsync(env, "lanes", "--json");
        JsonDocument.Parse(after).RootElement.GetProperty("lanes").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_bad_plugin_setting_is_reported_on_the_lane_and_exits_1()
    {
        var (code, output, _) = await CliRunner.RunAsync(Env(("TORGHUT_WS_CRYPTO_ENABLED", "true"), ("SAMPLE_STREAM_URL", "not a url")), "lanes");
        code.ShouldBe(1);
        output.ShouldContain("PROBLEM");
        output.ShouldContain("SAMPLE_STREAM_URL 'not a url' is not a URL");
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("run", "--role", "chef")]
    [InlineData("sim", "--port", "70000")]
    [InlineData("plugins", "--jsn")]
    public async Task Bad_arguments_exit_2_with_a_message(params string[] args)
    {
        var (code, _, err) = await CliRunner.RunAsync(Env(), args);
        code.ShouldBe(2);
        err.ShouldContain("error:");
    }

    [Fact]
    public async Task Bad_configuration_exits_2_naming_the_setting()
    {
        var (code, _, err) = await CliRunner.RunAsync(Env((ConfigKeys.MarketType, "bonds")), "lanes");
        code.ShouldBe(2);
        err.ShouldContain("ALPACA_MARKET_TYPE");
    }

    [Fact]
    public async Task Sim_without_a_simulator_plugin_says_so()
    {
        var (code, _, err) = await CliRunner.RunAsync(Env(), "sim", "--port", "0");
        code.ShouldBe(2);
        err.ShouldContain("ships a simulator for venue 'alpaca'");
    }

    [Fact]
    public async Task Secrets_never_appear_in_lanes_output()
    {
        const string secret = "sk-very-secret-value-123";
        // The Alpaca plugin names its credential settings (contract 1.3); the test plugin names none.
        var env = Env(("TORGHUT_WS_CRYPTO_ENABLED", "true"), (ConfigKeys.AlpacaKeyId, "AKID123456"), (ConfigKeys.AlpacaSecretKey, secret),
            (ConfigKeys.PluginsDir, RepoPaths.HostPlugins), (ConfigKeys.CryptoPlugin, "Alpaca.Crypto"));
        var (_, output, err) = await CliRunner.RunAsync(env, "lanes", "--json");
        (output + err).ShouldNotContain(secret);
        JsonDocument.Parse(output).RootElement.GetProperty("lanes")[0].GetProperty("credentialsSet").GetBoolean().ShouldBeTrue();

        var (_, other, _) = await CliRunner.RunAsync(Env(("TORGHUT_WS_CRYPTO_ENABLED", "true"), (ConfigKeys.AlpacaKeyId, "AKID123456"),
            (ConfigKeys.AlpacaSecretKey, secret)), "lanes", "--json");
        JsonDocument.Parse(other).RootElement.GetProperty("lanes")[0].GetProperty("credentialsSet").GetBoolean()
            .ShouldBeFalse("Alpaca's key names mean nothing to another venue's plugin");
    }
}
