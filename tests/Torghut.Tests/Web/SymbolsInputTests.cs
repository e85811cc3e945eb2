using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Torghut.Tests.Support;

namespace Torghut.Tests.Web;

/// <summary>Hostile input to the symbols API of a running host: oversized bodies, odd asset classes and encodings.</summary>
public sealed class SymbolsInputTests : IDisposable
{
    private const string Token = "symbols-input-token";
    private readonly TempDir _data = new("torghut-symbols-input");

    public void Dispose() => _data.Dispose();

    private Dictionary<string, string> Env(params (string, string)[] extra) => ApiHostEnv.Create(_data.Path, Token, extra);

    private static HttpRequestMessage Write(HttpMethod method, string url, HttpContent? content, string? token = Token)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    private static async Task<string[]> ListAsync(HttpClient http, string url) =>
        JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToArray();

    [Fact]
    public async Task Bodies_over_a_megabyte_are_refused_with_413_and_no_stack_trace()
    {
        await using var host = await HostProcess.StartAsync("run", Env());
        using var http = new HttpClient();
        var api = $"{host.BaseUrl}/api/torghut/symbols";
        var huge = $$"""{"symbols":["{{new string('A', 2 * 1024 * 1024)}}"]}""";

        var declared = await http.SendAsync(Write(HttpMethod.Post, api, new StringContent(huge, Encoding.UTF8, "application/json")));
        declared.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        JsonDocument.Parse(await declared.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString().ShouldBe("body");

        // Chunked: no Content-Length to refuse up front, so the read is cut off at the limit.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        var request = Write(HttpMethod.Put, $"{host.BaseUrl}/api/flags/torghut_ws_crypto_enabled", chunked);
        request.Headers.TransferEncodingChunked = true;
        var streamed = await http.SendAsync(request);
        streamed.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await streamed.Content.ReadAsStringAsync()).ShouldContain("larger than 1048576 bytes");

        (await http.GetAsync($"{host.BaseUrl}/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        host.Output.ShouldContain("body over 1048576 bytes refused (413)");
        host.Output.ShouldNotContain("   at ");
    }

    [Fact]
    public async Task Asset_class_is_crypto_or_equity_and_symbol_paths_are_decoded_once()
    {
        await using var host = await HostProcess.StartAsync("run", Env());
        using var http = new HttpClient();
        var api = $"{host.BaseUrl}/api/torghut/symbols";
        (await http.SendAsync(Write(HttpMethod.Post, api, JsonContent.Create(new { symbols = new[] { "BTC/USD" }, assetClass = "crypto" })))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var script = await http.SendAsync(Write(HttpMethod.Post, api, JsonContent.Create(new { symbols = new[] { "AAPL" }, assetClass = "<script>" })));
        script.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await script.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString().ShouldBe("assetClass");
        (await http.GetAsync(api + "?assetClass=stocks")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.SendAsync(Write(HttpMethod.Delete, api + "/AAPL?assetClass=bonds", null))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.SendAsync(Write(HttpMethod.Patch, api + "/BTC%2FUSD", JsonContent.Create(new { enabled = false, assetClass = 7 })))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await ListAsync(http, api + "?assetClass=equity")).ShouldBeEmpty();

        // %252F is an encoded "%2F", a literal percent sign in the symbol: it must not reach BTC/USD.
        (await http.SendAsync(Write(HttpMethod.Patch, api + "/BTC%252FUSD", JsonContent.Create(new { enabled = false })))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await http.SendAsync(Write(HttpMethod.Delete, api + "/BTC%252FUSD", null))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ListAsync(http, api + "?assetClass=crypto")).ShouldBe(["BTC/USD"]);
        (await http.SendAsync(Write(HttpMethod.Patch, api + "/btc%2Fusd", JsonContent.Create(new { enabled = false })))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync(http, api + "?assetClass=crypto")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sixty_thousand_symbols_are_validated_at_once_and_every_write_leaves_one_audit_line_without_the_token()
    {
        await using var host = await HostProcess.StartAsync("run", Env());
        using var http = new HttpClient();
        var api = $"{host.BaseUrl}/api/torghut/symbols";
        // 60,000 distinct valid tickers then one invalid: all validated and de-duplicated, none stored. Pairwise
        // de-duplication took seconds here; the answer must come at once.
        var symbols = Enumerable.Range(0, 60_000).Select(i => $"S{i}").Append("not a symbol!").ToArray();
        var clock = Stopwatch.StartNew();
        var bad = await http.SendAsync(Write(HttpMethod.Post, api, JsonContent.Create(new { symbols })));
        clock.Stop();
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString().ShouldBe("symbols[60000]");
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(1.5));

        (await http.SendAsync(Write(HttpMethod.Post, api, JsonContent.Create(new { symbols = new[] { "AAPL", "aapl", "MSFT" } })))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.SendAsync(Write(HttpMethod.Delete, api + "/MSFT", null, token: "wrong-token"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.SendAsync(Write(HttpMethod.Put, $"{host.BaseUrl}/api/flags/torghut_ws_crypto_enabled", JsonContent.Create(new { enabled = false })))).StatusCode.ShouldBe(HttpStatusCode.OK);

        await Eventually.HoldsAsync(() => Task.FromResult(AuditLines(host).Count >= 4), "four audit lines");
        var lines = AuditLines(host);
        lines.Count.ShouldBe(4); // reads leave none
        lines[1].ShouldContain("change=upsert equity enabled=True count=2 symbols=AAPL,MSFT status=200");
        lines[1].ShouldContain("remote=127.0.0.1");
        lines[2].ShouldContain("method=DELETE route=/api/torghut/symbols/{**symbol} change=none status=401");
        lines[3].ShouldContain("change=flag torghut_ws_crypto_enabled enabled=False status=200");
        host.Output.ShouldNotContain(Token);
        host.Output.ShouldNotContain("wrong-token");
    }

    private static List<string> AuditLines(HostProcess host) =>
        host.Output.Split('\n').Where(l => l.Contains("Torghut.Host.Web.Audit")).ToList();

    [Fact]
    public async Task A_database_outage_names_the_database_only_to_authenticated_callers()
    {
        var port = HostProcess.FreePort(); // nothing listens there
        await using var host = await HostProcess.StartAsync("run", Env(("DATABASE_URL", $"postgres://torghut:pw@127.0.0.1:{port}/jangar")));
        using var http = new HttpClient();
        var api = $"{host.BaseUrl}/api/torghut/symbols";

        var anonymous = await http.GetAsync(api);
        anonymous.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var anonymousBody = await anonymous.Content.ReadAsStringAsync();
        anonymousBody.ShouldContain("unavailable");
        anonymousBody.ShouldNotContain(port.ToString());
        anonymousBody.ShouldNotContain("jangar");

        var admin = await http.SendAsync(Write(HttpMethod.Get, api, null));
        admin.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await admin.Content.ReadAsStringAsync()).ShouldContain($"127.0.0.1:{port}/jangar");
        host.Output.ShouldContain($"127.0.0.1:{port}/jangar"); // the operator's log keeps the detail
    }
}
