using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Gateway;

namespace Torghut.Tests.Gateway;

public sealed class GatewaySettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void The_gateway_is_off_without_a_url()
    {
        GatewaySettings.From(Config((GatewaySettings.KeysKey, "a:b"))).ShouldBeNull();
    }

    [Fact]
    public void Keys_accept_only_their_own_secret_and_never_show_it()
    {
        var settings = GatewaySettings.From(Config((GatewaySettings.UrlKey, "http://127.0.0.1:8765"),
            (GatewaySettings.KeysKey, "team-a:s3cret-a, team-b:s3cret:with:colons")))!;
        settings.Keys.Accepts("team-a", "s3cret-a").ShouldBeTrue();
        settings.Keys.Accepts("team-b", "s3cret:with:colons").ShouldBeTrue();
        settings.Keys.Accepts("team-a", "s3cret:with:colons").ShouldBeFalse();
        settings.Keys.Accepts("team-c", "s3cret-a").ShouldBeFalse();
        settings.Keys.Accepts(null, null).ShouldBeFalse();
        settings.ToString().ShouldNotContain("s3cret");
        settings.Keys.ToString().ShouldBe("2 key(s): team-a, team-b");
    }

    [Theory]
    [InlineData("http://127.0.0.1:8765", "", "holds no key:secret pair")]
    [InlineData("http://127.0.0.1:8765", "justakey", "entry 1 is not key:secret")]
    [InlineData("http://127.0.0.1:8765", "k:hunter2,broken", "entry 2 is not key:secret")]
    [InlineData("ws://127.0.0.1:8765", "k:s", "expected an absolute http URL")]
    [InlineData("http://127.0.0.1:8765/alpaca", "k:s", "must be a listen URL")]
    public void A_misconfigured_gateway_is_a_config_error_that_never_repeats_a_secret(string url, string keys, string message)
    {
        var e = Should.Throw<ConfigException>(() => GatewaySettings.From(Config((GatewaySettings.UrlKey, url), (GatewaySettings.KeysKey, keys))));
        e.Message.ShouldContain(message);
        e.Message.ShouldNotContain("hunter2");
    }
}

public sealed class GatewayRunConfigTests
{
    [Fact]
    public async Task Run_with_a_gateway_url_and_a_broken_key_list_exits_2_naming_the_setting_and_not_the_secret()
    {
        var env = new Dictionary<string, string?>
        {
            [GatewaySettings.UrlKey] = $"http://127.0.0.1:{Support.HostProcess.FreePort()}",
            [GatewaySettings.KeysKey] = "team-a:hunter2,oops",
            [ConfigKeys.PluginsDir] = Support.RepoPaths.HostPlugins,
        };
        var (code, output, err) = await Support.CliRunner.RunAsync(env, "run", "--url", $"http://127.0.0.1:{Support.HostProcess.FreePort()}");
        code.ShouldBe(2);
        err.ShouldContain(GatewaySettings.KeysKey);
        (output + err).ShouldNotContain("hunter2");
    }
}
