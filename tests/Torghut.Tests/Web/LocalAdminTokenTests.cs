using System.Net;
using System.Net.Http.Json;
using Torghut.Host.Cli;
using Torghut.Tests.Support;

namespace Torghut.Tests.Web;

/// <summary>With no TORGHUT_ADMIN_TOKEN: a per-run token on a loopback bind, writes refused (and a warning) beyond it.</summary>
public sealed class LocalAdminTokenTests
{
    private static Dictionary<string, string> Env(params (string, string)[] extra)
    {
        var env = new Dictionary<string, string> { ["TORGHUT_WS_CRYPTO_ENABLED"] = "false" };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    private static HttpRequestMessage AddAapl(string baseUrl, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/api/torghut/symbols") { Content = JsonContent.Create(new { symbols = new[] { "AAPL" } }) };
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    [Fact]
    public async Task On_loopback_run_prints_the_dashboard_url_with_a_fresh_token_once_and_writes_need_it()
    {
        await using var host = await HostProcess.StartAsync("run", Env());
        using var http = new HttpClient();
        await RunOutput.TokenUrlAsync(host);
        var matches = RunOutput.TokenUrl().Matches(host.Output);
        matches.Count.ShouldBe(1);
        matches[0].Groups["base"].Value.ShouldBe(host.BaseUrl + "/");
        var token = matches[0].Groups["token"].Value;
        token.Length.ShouldBeGreaterThanOrEqualTo(40);

        (await http.SendAsync(AddAapl(host.BaseUrl, null))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.SendAsync(AddAapl(host.BaseUrl, token))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Two_runs_get_different_tokens()
    {
        string first;
        await using (var a = await HostProcess.StartAsync("run", Env()))
        {
            first = (await RunOutput.TokenUrlAsync(a)).Groups["token"].Value;
        }
        await using var b = await HostProcess.StartAsync("run", Env());
        (await RunOutput.TokenUrlAsync(b)).Groups["token"].Value.ShouldNotBe(first);
    }

    [Fact]
    public async Task Beyond_loopback_writes_are_refused_and_start_up_warns()
    {
        var wildcard = $"http://0.0.0.0:{HostProcess.FreePort()}";
        await using var host = await HostProcess.StartAsync("run", Env(("TORGHUT_METRICS_URL", wildcard)));
        using var http = new HttpClient();
        var response = await http.SendAsync(AddAapl(host.BaseUrl, null));
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await response.Content.ReadAsStringAsync()).ShouldContain("TORGHUT_ADMIN_TOKEN");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Output.Contains("warning: TORGHUT_ADMIN_TOKEN is not set")), "warning printed", TimeSpan.FromSeconds(10));
        host.Output.ShouldContain(wildcard);
        host.Output.ShouldNotContain("#token=");
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://192.168.1.5:8080", false)]
    public void Only_loopback_addresses_count_as_loopback(string url, bool loopback) => LocalAdminToken.IsLoopback(url).ShouldBe(loopback);
}
