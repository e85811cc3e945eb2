using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Tests.Support;
using Torghut.Host;

namespace Torghut.Tests.Web;

/// <summary>PUT /api/flags/{key}: the runtime override layer, its auth and validation.</summary>
public sealed class FlagsApiTests
{
    [Fact]
    public async Task Runtime_layer_wins_over_env_names_its_source_and_fires_a_reload()
    {
        var configuration = TorghutConfiguration.Build(new Dictionary<string, string?> { ["TORGHUT_WS_CRYPTO_ENABLED"] = "true" }, Path.GetTempPath());
        using var _ = (IDisposable)configuration;
        await using var services = HostComposition.BuildForCommand(configuration, LogLevel.None);
        var reader = services.GetRequiredService<IFlagReader>();
        var reloaded = false;
        using var subscription = reader.GetChangeToken().RegisterChangeCallback(_ => reloaded = true, null);

        configuration.Providers.OfType<RuntimeFlagsProvider>().Single().SetFlag(FlagKeys.WsCrypto, false);

        reloaded.ShouldBeTrue();
        (await reader.ReadAllAsync()).Single(f => f.Key == FlagKeys.WsCrypto).ShouldBe(new FlagState(FlagKeys.WsCrypto, false, "runtime (dashboard)"));
        Should.Throw<ArgumentException>(() => configuration.Providers.OfType<RuntimeFlagsProvider>().Single().SetFlag("nope", true));
    }

    [Fact]
    public async Task Put_needs_the_admin_token_and_a_known_key_and_a_boolean()
    {
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_ADMIN_TOKEN"] = "t0ken", ["TORGHUT_WS_CRYPTO_ENABLED"] = "false",
        });
        using var http = new HttpClient();
        HttpRequestMessage Put(string key, object body, string? token = "t0ken")
        {
            var r = new HttpRequestMessage(HttpMethod.Put, $"{host.BaseUrl}/api/flags/{key}") { Content = JsonContent.Create(body) };
            if (token is not null) r.Headers.Authorization = new("Bearer", token);
            return r;
        }

        (await http.SendAsync(Put(FlagKeys.WsEquity, new { enabled = true }, token: null))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.SendAsync(Put(FlagKeys.WsEquity, new { enabled = true }, token: "wrong"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.SendAsync(Put("torghut_unknown_enabled", new { enabled = true }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.SendAsync(Put(FlagKeys.WsEquity, new { enabled = "yes" }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var ok = await http.SendAsync(Put(FlagKeys.TradingCrypto, new { enabled = true }));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ok.Content.ReadAsStringAsync()).ShouldContain("runtime (dashboard)");
        (await http.GetStringAsync($"{host.BaseUrl}/api/flags")).ShouldContain("runtime (dashboard)");
    }
}
