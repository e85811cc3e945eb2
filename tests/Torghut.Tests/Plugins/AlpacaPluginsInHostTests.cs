using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Plugins;
using Torghut.Tests.Support;

namespace Torghut.Tests.Plugins;

/// <summary>The Alpaca plugins as the host ships them: built into plugins/ next to the host binary.</summary>
public sealed class AlpacaPluginsInHostTests
{
    private static Dictionary<string, string?> Env(params (string, string?)[] extra)
    {
        var env = new Dictionary<string, string?> { [ConfigKeys.PluginsDir] = RepoPaths.HostPlugins };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    [Fact]
    public void Building_the_host_drops_each_Alpaca_plugin_into_its_own_folder_without_a_copy_of_the_contract()
    {
        foreach (var name in new[] { "Alpaca.Crypto", "Alpaca.Equity" })
        {
            var folder = Path.Combine(RepoPaths.HostPlugins, name);
            File.Exists(Path.Combine(folder, name + ".dll")).ShouldBeTrue();
            File.Exists(Path.Combine(folder, "Alpaca.Shared.dll")).ShouldBeTrue();
            File.Exists(Path.Combine(folder, "Torghut.Abstractions.dll")).ShouldBeFalse("the contract must come from the host");
        }
    }

    [Fact]
    public void Each_Alpaca_plugin_loads_in_its_own_context_with_its_own_copy_of_the_shared_library()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(Env()).Build();
        using var catalog = new PluginCatalog(PluginsOptions.From(config), NullLogger<PluginCatalog>.Instance);
        var crypto = catalog.FindLoaded("Alpaca.Crypto").ShouldNotBeNull();
        var equity = catalog.FindLoaded("Alpaca.Equity").ShouldNotBeNull();
        crypto.Manifest!.Market.ShouldBe(Market.Crypto);
        equity.Manifest!.Market.ShouldBe(Market.Equity);
        var cryptoContext = AssemblyLoadContext.GetLoadContext(crypto.Instance!.GetType().Assembly);
        var equityContext = AssemblyLoadContext.GetLoadContext(equity.Instance!.GetType().Assembly);
        cryptoContext.ShouldNotBe(equityContext);
        cryptoContext.ShouldNotBe(AssemblyLoadContext.Default);
        crypto.Instance.SymbolCodec!.Canonicalize("btcusd").Symbol.ShouldBe("BTC/USD");
    }

    [Theory]
    [InlineData(null, "wss://stream.data.alpaca.markets/v1beta3/crypto/us", "https://data.alpaca.markets/v1beta3/crypto/us/bars")]
    [InlineData("us-1", "wss://stream.data.alpaca.markets/v1beta3/crypto/us-1", "https://data.alpaca.markets/v1beta3/crypto/us-1/bars")]
    [InlineData("eu-1", "wss://stream.data.alpaca.markets/v1beta3/crypto/eu-1", "https://data.alpaca.markets/v1beta3/crypto/eu-1/bars")]
    public async Task The_crypto_lane_selects_the_v1beta3_crypto_path_for_its_location(string? location, string stream, string backfill)
    {
        var (code, output, _) = await CliRunner.RunAsync(Env(("TORGHUT_WS_CRYPTO_ENABLED", "true"), ("ALPACA_CRYPTO_LOCATION", location),
            ("ALPACA_FEED", "sip")), "lanes", "--json");
        code.ShouldBe(0);
        var lane = JsonDocument.Parse(output).RootElement.GetProperty("lanes").EnumerateArray().Single(l => l.GetProperty("name").GetString() == "crypto");
        lane.GetProperty("streamUrl").GetString().ShouldBe(stream);
        lane.GetProperty("backfillUrl").GetString().ShouldBe(backfill);
        lane.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BTC/USD", "ETH/USD", "SOL/USD"]);
    }

    [Fact]
    public async Task Both_lanes_run_at_once_against_a_simulator_base_url()
    {
        var (code, output, _) = await CliRunner.RunAsync(Env(("TORGHUT_WS_CRYPTO_ENABLED", "true"), ("TORGHUT_WS_EQUITY_ENABLED", "true"),
            ("ALPACA_STREAM_URL", "http://127.0.0.1:8765/"), ("ALPACA_BASE_URL", "http://127.0.0.1:8765"), ("ALPACA_FEED", "test"),
            ("SYMBOLS", "eth/usd, FAKEPACA, BRK.B, bad!sym")), "lanes", "--json");
        code.ShouldBe(0);
        var lanes = JsonDocument.Parse(output).RootElement.GetProperty("lanes").EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        lanes["crypto"].GetProperty("streamUrl").GetString().ShouldBe("ws://127.0.0.1:8765/v1beta3/crypto/us");
        lanes["crypto"].GetProperty("symbols").EnumerateArray().Select(s => s.GetString()).ShouldBe(["ETH/USD"]);
        lanes["equity"].GetProperty("streamUrl").GetString().ShouldBe("ws://127.0.0.1:8765/v2/test");
        lanes["equity"].GetProperty("backfillUrl").GetString().ShouldBe("http://127.0.0.1:8765/v2/stocks/bars");
        lanes["equity"].GetProperty("symbols").EnumerateArray().Select(s => s.GetString()).ShouldBe(["FAKEPACA", "BRK.B"]);
        lanes["equity"].GetProperty("rejectedSymbols").EnumerateArray().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task An_invalid_alpaca_setting_blocks_the_lane_with_the_setting_named()
    {
        var (code, output, _) = await CliRunner.RunAsync(Env(("TORGHUT_WS_CRYPTO_ENABLED", "true"), ("ALPACA_CRYPTO_LOCATION", "mars")), "lanes");
        code.ShouldBe(1);
        output.ShouldContain("ALPACA_CRYPTO_LOCATION");
    }
}
