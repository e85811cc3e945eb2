using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Torghut.Tests.Support;

namespace Torghut.Tests.Web;

/// <summary>The Jangar-compatible symbols API of a running host, and a lane that follows it.</summary>
public sealed class SymbolsApiTests : IDisposable
{
    private const string Token = "test-admin-token";
    private readonly TempDir _data = new("torghut-data");

    public void Dispose() => _data.Dispose();

    private Dictionary<string, string> Env(params (string, string)[] extra)
    {
        var env = new Dictionary<string, string> { ["TORGHUT_DATA_DIR"] = _data.Path, ["TORGHUT_ADMIN_TOKEN"] = Token };
        foreach (var (k, v) in extra) env[k] = v;
        return env;
    }

    private static HttpRequestMessage Write(HttpMethod method, string url, object? body, string? token = Token)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body);
        if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<string[]> ListAsync(HttpClient http, string url) =>
        JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToArray();

    [Fact]
    public async Task Manages_symbols_per_asset_class_with_validation_auth_and_no_partial_writes()
    {
        await using var host = await HostProcess.StartAsync("run", Env(("TORGHUT_WS_CRYPTO_ENABLED", "false")));
        using var http = new HttpClient();
        var api = $"{host.BaseUrl}/api/torghut/symbols";

        (await http.SendAsync(Write(HttpMethod.Post, api, new { symbols = new[] { "BTC/USD" }, assetClass = "crypto" }, token: null))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await http.SendAsync(Write(HttpMethod.Post, api, new { symbols = new[] { "BTC/USD" }, assetClass = "crypto" }, token: "wrong"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var ok = await http.SendAsync(Write(HttpMethod.Post, api, new { symbols = new[] { " btc/usd", "ETH/USD", "SOLUSD" }, assetClass = "crypto" }));
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync(http, api + "?assetClass=crypto")).ShouldBe(["BTC/USD", "ETH/USD", "SOL/USD"]);
        (await ListAsync(http, api)).ShouldBeEmpty(); // absent assetClass means equity, as Jangar

        var bad = await http.SendAsync(Write(HttpMethod.Post, api, new { symbols = new[] { "DOGE/USD", "not a symbol!" }, assetClass = "crypto" }));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString().ShouldBe("symbols[1]");
        (await ListAsync(http, api + "?assetClass=crypto")).ShouldNotContain("DOGE/USD"); // nothing partial

        var badType = await http.SendAsync(Write(HttpMethod.Post, api, new { symbols = new[] { "AAPL" }, enabled = "yes" }));
        JsonDocument.Parse(await badType.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString().ShouldBe("enabled");

        (await http.SendAsync(Write(HttpMethod.Post, api, new { symbolsText = "aapl, brk.b" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync(http, api + "?assetClass=equity")).ShouldBe(["AAPL", "BRK.B"]);

        (await http.SendAsync(Write(HttpMethod.Patch, api + "/BTC%2FUSD", new { enabled = false }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync(http, api + "?assetClass=crypto")).ShouldBe(["ETH/USD", "SOL/USD"]);
        (await ListAsync(http, api + "?assetClass=crypto&includeDisabled=true")).ShouldContain("BTC/USD");
        var full = JsonDocument.Parse(await http.GetStringAsync(api + "?assetClass=crypto&includeDisabled=true&format=full")).RootElement.GetProperty("items");
        full.EnumerateArray().Single(i => i.GetProperty("symbol").GetString() == "BTC/USD").GetProperty("enabled").GetBoolean().ShouldBeFalse();

        (await http.SendAsync(Write(HttpMethod.Delete, api + "/ETH%2FUSD?assetClass=crypto", null))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.SendAsync(Write(HttpMethod.Delete, api + "/ETH%2FUSD?assetClass=crypto", null))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await ListAsync(http, api + "?assetClass=crypto")).ShouldBe(["SOL/USD"]);
    }

    [Fact]
    public async Task A_symbol_added_through_the_api_is_subscribed_on_the_running_lane_without_reconnecting()
    {
        var port = HostProcess.FreePort();
        await using var host = await HostProcess.StartAsync("run", Env(
            ("JANGAR_SYMBOLS_URL", $"http://127.0.0.1:{port}/api/torghut/symbols"), ("SYMBOLS_POLL_INTERVAL_MS", "300"),
            ("ENABLE_BARS_BACKFILL", "false")), port);
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "ready", TimeSpan.FromSeconds(30));
        (await http.SendAsync(Write(HttpMethod.Post, $"{host.BaseUrl}/api/torghut/symbols",
            new { symbols = new[] { "BTC/USD", "ETH/USD", "DOGE/USD" }, assetClass = "crypto" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(async () =>
        {
            var crypto = JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ingest")).RootElement.GetProperty("crypto");
            return crypto.GetProperty("subscribed").GetProperty("trades").EnumerateArray().Select(s => s.GetString()).SequenceEqual(["BTC/USD", "DOGE/USD", "ETH/USD"])
                   && crypto.GetProperty("ready").GetBoolean();
        }, "DOGE/USD subscribed and SOL/USD dropped", TimeSpan.FromSeconds(20));
        JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ingest")).RootElement.GetProperty("crypto").GetProperty("reconnects").GetInt64().ShouldBe(0);
    }

    [Fact]
    public async Task On_a_fresh_run_the_built_in_symbols_service_is_the_crypto_lanes_universe()
    {
        await using var host = await HostProcess.StartAsync("run", Env(("ENABLE_BARS_BACKFILL", "false")));
        using var http = new HttpClient();
        var api = $"{host.BaseUrl}/api/torghut/symbols";
        await Eventually.HoldsAsync(async () => (await ListAsync(http, api + "?assetClass=crypto")).SequenceEqual(["BTC/USD", "ETH/USD", "SOL/USD"]),
            "the configured pairs seeded", TimeSpan.FromSeconds(30));

        (await http.SendAsync(Write(HttpMethod.Post, api, new { symbols = new[] { "DOGE/USD" }, assetClass = "crypto" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(async () => (await RunOutput.SubscribedTradesAsync(http, host)).SequenceEqual(["BTC/USD", "DOGE/USD", "ETH/USD", "SOL/USD"]),
            "DOGE/USD subscribed", TimeSpan.FromSeconds(10));
        (await http.SendAsync(Write(HttpMethod.Patch, api + "/DOGE%2FUSD", new { enabled = false }))).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.SendAsync(Write(HttpMethod.Delete, api + "/SOL%2FUSD?assetClass=crypto", null))).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(async () => (await RunOutput.SubscribedTradesAsync(http, host)).SequenceEqual(["BTC/USD", "ETH/USD"]),
            "DOGE/USD and SOL/USD unsubscribed", TimeSpan.FromSeconds(10));
        JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ingest")).RootElement.GetProperty("crypto").GetProperty("reconnects").GetInt64().ShouldBe(0);
    }
}
