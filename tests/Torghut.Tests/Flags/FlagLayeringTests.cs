using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Tests.Support;
using Torghut.Host;

namespace Torghut.Tests.Flags;

public sealed class FlagLayeringTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<Dictionary<string, FlagState>> ReadAsync(Dictionary<string, string?> env, string? appsettings = null)
    {
        if (appsettings is not null) _dir.File("appsettings.json", appsettings);
        using var configuration = (IDisposable)TorghutConfiguration.Build(env, _dir.Path);
        await using var services = HostComposition.BuildForCommand((IConfigurationRoot)configuration, LogLevel.None);
        var flags = await services.GetRequiredService<IFlagReader>().ReadAllAsync();
        return flags.ToDictionary(f => f.Key);
    }

    [Fact]
    public async Task Every_flag_defaults_to_off_as_upstream()
    {
        var flags = await ReadAsync(new());
        FlagKeys.All.ShouldAllBe(k => !flags[k].Enabled && flags[k].Source == "default");
    }

    [Fact]
    public async Task Later_layers_win_and_each_value_names_its_source()
    {
        var file = _dir.File("features.yaml", FlagsFile.Yaml((FlagKeys.WsEquity, true), (FlagKeys.TradingCrypto, true)));
        var flags = await ReadAsync(new()
        {
            [ConfigKeys.MarketType] = "crypto",                      // lowest: a lane default
            [ConfigKeys.FlagsFile] = file,                           // overrides appsettings and ALPACA_MARKET_TYPE
            ["TORGHUT_TRADING_CRYPTO_ENABLED"] = "false",            // explicit env override beats the file
            ["TRADING_CRYPTO_LIVE_ENABLED"] = "true",                // upstream trading-service env name
        }, """{"FeatureManagement":{"torghut_universe_crypto_enabled":true,"torghut_ws_equity_enabled":false}}""");

        flags[FlagKeys.WsCrypto].ShouldBe(new FlagState(FlagKeys.WsCrypto, true, "env ALPACA_MARKET_TYPE"));
        flags[FlagKeys.WsEquity].ShouldBe(new FlagState(FlagKeys.WsEquity, true, $"flags file {file}"));
        flags[FlagKeys.UniverseCrypto].ShouldBe(new FlagState(FlagKeys.UniverseCrypto, true, "appsettings.json"));
        flags[FlagKeys.TradingCrypto].ShouldBe(new FlagState(FlagKeys.TradingCrypto, false, "env TORGHUT_TRADING_CRYPTO_ENABLED"));
        flags[FlagKeys.TradingCryptoLive].ShouldBe(new FlagState(FlagKeys.TradingCryptoLive, true, "env TRADING_CRYPTO_LIVE_ENABLED"));
    }

    [Fact]
    public async Task Market_type_equity_turns_the_equity_lane_on_and_crypto_off()
    {
        var flags = await ReadAsync(new() { [ConfigKeys.MarketType] = "equity" },
            """{"FeatureManagement":{}}""");
        flags[FlagKeys.WsEquity].Enabled.ShouldBeTrue();
        flags[FlagKeys.WsCrypto].Enabled.ShouldBeFalse();
    }

    [Theory]
    [InlineData(ConfigKeys.MarketType, "forex", "ALPACA_MARKET_TYPE: 'forex' is not a market type")]
    [InlineData("TORGHUT_WS_CRYPTO_ENABLED", "maybe", "env TORGHUT_WS_CRYPTO_ENABLED: 'maybe' is not a boolean")]
    [InlineData(ConfigKeys.FlagsFile, "/nonexistent/features.yaml", "file not found: /nonexistent/features.yaml")]
    public void Bad_configuration_is_a_clear_error(string key, string value, string message)
    {
        var e = Should.Throw<ConfigException>(() => TorghutConfiguration.Build(new Dictionary<string, string?> { [key] = value }, _dir.Path));
        e.Message.ShouldContain(message);
    }
}
