using System.Net;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Web;
using Torghut.Tests.Support;

namespace Torghut.Tests.Web;

/// <summary>What a running host answers before any endpoint runs: the metrics port, the Host check, the headers.</summary>
public sealed class HttpSurfaceTests : IDisposable
{
    private readonly TempDir _data = new("torghut-http-surface");

    public void Dispose() => _data.Dispose();

    private Dictionary<string, string> Env(params (string, string)[] extra) => ApiHostEnv.Create(_data.Path, null, extra);

    private static HttpRequestMessage Get(string url, string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null) request.Headers.Host = host;
        return request;
    }

    [Fact]
    public async Task The_metrics_listener_serves_metrics_and_nothing_else()
    {
        var metricsPort = HostProcess.FreePort();
        await using var host = await HostProcess.StartAsync("run", Env(("TORGHUT_METRICS_URL", $"http://127.0.0.1:{metricsPort}")));
        using var http = new HttpClient();
        var metrics = $"http://127.0.0.1:{metricsPort}";

        var scrape = await http.GetAsync(metrics + "/metrics");
        scrape.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await scrape.Content.ReadAsStringAsync()).ShouldContain("# TYPE");
        foreach (var path in new[] { "/", "/dashboard/index.html", "/api/lanes", "/api/torghut/symbols", "/healthz", "/metrics/", "/METRICS" })
            (await http.GetAsync(metrics + path)).StatusCode.ShouldBe(HttpStatusCode.NotFound, path);
        (await http.PostAsync(metrics + "/api/plugins/reload", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        // The HTTP URL still serves everything.
        (await http.GetAsync(host.BaseUrl + "/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync(host.BaseUrl + "/metrics")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_foreign_host_names_are_refused()
    {
        await using var host = await HostProcess.StartAsync("run", Env(("TORGHUT_ALLOWED_HOSTS", "torghut.example, *.torghut.internal")));
        using var http = new HttpClient();
        var port = new Uri(host.BaseUrl).Port;

        foreach (var (path, name) in new[] { ("/", "localhost"), ("/api/lanes", "127.0.0.1"), ("/nope", "[::1]"), ("/", "torghut.example"), ("/", "a.torghut.internal") })
        {
            var answer = await http.SendAsync(Get(host.BaseUrl + path, $"{name}:{port}"));
            answer.StatusCode.ShouldNotBe(HttpStatusCode.BadRequest, $"{name}{path}");
            answer.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
            answer.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
            answer.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("frame-ancestors 'none'");
        }

        // DNS rebinding: the attacker's page reaches 127.0.0.1 under its own name.
        foreach (var name in new[] { "evil.example", "torghut.example.evil.example", "localhost.evil.example" })
        {
            var refused = await http.SendAsync(Get(host.BaseUrl + "/api/flags", $"{name}:{port}"));
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, name);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("TORGHUT_ALLOWED_HOSTS");
            refused.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", "http://0.0.0.0:9090", 9090)]
    [InlineData("http://127.0.0.1:8080", null, null)]
    [InlineData("http://127.0.0.1:8080", "http://127.0.0.1:8080", null)]
    [InlineData("http://127.0.0.1:8080", "http://0.0.0.0:8080", null)] // one listener: it must keep serving everything
    [InlineData("http://*:8080", "http://+:9090", 9090)]
    public void Only_a_listener_of_its_own_is_restricted_to_metrics(string httpUrl, string? metricsUrl, int? restricted) =>
        MetricsListener.SeparatePort(httpUrl, metricsUrl).ShouldBe(restricted);

    [Theory]
    [InlineData("http://0.0.0.0:8080", "short-token", true)]
    [InlineData("http://10.1.2.3:8080", "short-token", true)]
    [InlineData("http://[::]:8080", "short-token", true)]
    [InlineData("http://127.0.0.1:8080", "short-token", false)]
    [InlineData("http://localhost:8080", "short-token", false)]
    [InlineData("http://0.0.0.0:8080", "a-token-of-twenty-four-c", false)]
    public void A_short_admin_token_is_refused_on_a_non_loopback_bind(string url, string token, bool refused)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TORGHUT_ADMIN_TOKEN"] = token }).Build();
        var check = () => AdminToken.Check(WebOptions.From(configuration), url);
        if (refused) check.ShouldThrow<Torghut.Host.Configuration.ConfigException>().Message.ShouldNotContain(token);
        else check.ShouldNotThrow();
    }
}
