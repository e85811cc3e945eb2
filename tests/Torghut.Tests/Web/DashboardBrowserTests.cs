using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Torghut.Tests.Support;
using Xunit.Abstractions;

namespace Torghut.Tests.Web;

/// <summary>
/// The dashboard in a real headless Chromium against the real `torghut run` (built-in simulator, crypto lane, TA,
/// DuckDB): it shows the pairs, its chart grows from the SSE feed, and its forms change the running system.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IDisposable
{
    private const string Token = "dashboard-test-token";
    private readonly TempDir _data = new("torghut-dashboard");

    public void Dispose() => _data.Dispose();

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string url) => JsonDocument.Parse(await http.GetStringAsync(url)).RootElement;

    [Fact]
    public async Task Page_shows_pairs_streams_candles_adds_a_symbol_and_stops_the_lane_from_its_flag_toggle()
    {
        var port = HostProcess.FreePort();
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_DATA_DIR"] = _data.Path, ["TORGHUT_ADMIN_TOKEN"] = Token, ["BARS_BACKFILL_LOOKBACK_HOURS"] = "1", // a small first fill: its repairs show per pair
            // The lane follows this host's own symbols service, as an operator would configure it.
            ["JANGAR_SYMBOLS_URL"] = $"http://127.0.0.1:{port}/api/torghut/symbols", ["SYMBOLS_POLL_INTERVAL_MS"] = "300",
            ["ALPACA_MARKET_DATA_CHANNELS"] = "trades,quotes,bars,updatedBars,orderbooks", // the depth panel's book
        }, port);
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "host ready", TimeSpan.FromSeconds(30));
        // The store starts empty (lanes then keep their configured list); store that list so adding DOGE extends it.
        var seed = new HttpRequestMessage(HttpMethod.Post, $"{host.BaseUrl}/api/torghut/symbols")
        { Content = JsonContent.Create(new { symbols = new[] { "BTC/USD", "ETH/USD", "SOL/USD" }, assetClass = "crypto" }) };
        seed.Headers.Authorization = new("Bearer", Token);
        (await http.SendAsync(seed)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using var browser = await HeadlessChromium.StartAsync();
        await browser.NavigateAsync(host.BaseUrl + "/");
        var screenshot = Path.Combine(RepoPaths.Root, "artifacts", "dashboard", $"dashboard-{DateTime.UtcNow:yyyyMMdd-HHmmss}.png");
        try
        {
            // 1. Three crypto pairs: in the freshness table and subscribed on the lane's trades channel.
            await Eventually.HoldsAsync(async () =>
            {
                var pairs = await browser.EvaluateAsync("JSON.stringify([...document.querySelectorAll('#freshness tr[data-pair]')].map(r => r.dataset.pair))");
                var trades = await browser.EvaluateAsync("document.querySelector('[data-lane=crypto] td[data-channel=trades]')?.textContent ?? ''");
                return pairs.GetString() == """["BTC/USD","ETH/USD","SOL/USD"]""" && trades.GetString() == "BTC/USD, ETH/USD, SOL/USD";
            }, "the page lists BTC/USD, ETH/USD, SOL/USD", TimeSpan.FromSeconds(20));
            // Each pair's own ingest lag and event → ingest delay (not its lane's).
            await Eventually.HoldsAsync(async () => (await browser.EvaluateAsync("""
                [...document.querySelectorAll('#freshness tr[data-pair]')].filter(r =>
                  /^\d+$/.test(r.querySelector('td[data-ingest-lag]')?.dataset.ingestLag ?? '') &&
                  /^-?[\d.]+$/.test(r.querySelector('td[data-event-to-ingest]')?.dataset.eventToIngest ?? '')).length === 3
                """)).GetBoolean(), "every pair shows its ingest lag", TimeSpan.FromSeconds(20));

            // Each pair shows its repairs (the first ready session opens a hole per pair; its repair is counted).
            await Eventually.HoldsAsync(async () => (await browser.EvaluateAsync("""
                [...document.querySelectorAll('#freshness tr[data-pair] td[data-repairs]')].filter(c => /^[1-9]\d*$/.test(c.dataset.repairs)).length === 3
                """)).GetBoolean(), "every pair shows its repairs", TimeSpan.FromSeconds(20));
            // A pair's row opens its candles.
            await browser.EvaluateAsync("document.querySelector('#freshness tr[data-pair=\"ETH/USD\"]').click(), true");
            await Eventually.HoldsAsync(async () => (await browser.EvaluateAsync("window.torghut.symbol")).GetString() == "ETH/USD",
                "clicking ETH/USD's row shows its chart", TimeSpan.FromSeconds(10));
            // Beside the candles, the pair's order book: asks above bids, best ask above best bid.
            await Eventually.HoldsAsync(async () => (await browser.EvaluateAsync("""
                (() => {
                  const t = document.getElementById('depth');
                  const side = (s) => [...t.querySelectorAll(`tr[data-side=${s}]`)].map(r => Number(r.dataset.price));
                  const asks = side('ask'), bids = side('bid');
                  return t.dataset.symbol === 'ETH/USD' && t.dataset.state === 'live'
                    && asks.length >= 3 && bids.length >= 3 && Math.min(...asks) > Math.max(...bids)
                    && asks[asks.length - 1] === Math.min(...asks) && bids[0] === Math.max(...bids);
                })()
                """)).GetBoolean(), "the depth panel shows ETH/USD's book", TimeSpan.FromSeconds(20));

            // 2. The chart grows from the live feed (not only from the initial history load).
            await Eventually.HoldsAsync(async () => (await browser.EvaluateAsync("window.torghut.symbol")).ValueKind == JsonValueKind.String, "chart symbol chosen");
            var before = (await browser.EvaluateAsync("window.torghut.candles")).GetInt32();
            await Eventually.HoldsAsync(async () =>
                (await browser.EvaluateAsync("window.torghut.candles")).GetInt32() >= before + 2
                && (await browser.EvaluateAsync("Number(document.getElementById('chart').dataset.candles)")).GetInt32() >= before + 2,
                "new candles streamed into the chart", TimeSpan.FromSeconds(60));
            var after = (await browser.EvaluateAsync("window.torghut.candles")).GetInt32();
            output.WriteLine($"chart {(await browser.EvaluateAsync("window.torghut.symbol")).GetString()}: {before} candles at start, {after} after streaming");

            // 3. Add DOGE/USD as crypto through the form (token typed into the page's token field).
            await browser.EvaluateAsync($$"""
                (() => {
                  document.getElementById('token').value = '{{Token}}';
                  document.getElementById('symbol-input').value = 'doge/usd';
                  document.getElementById('symbol-class').value = 'crypto';
                  document.getElementById('symbol-add').click();
                })()
                """);
            await Eventually.HoldsAsync(async () => (await browser.EvaluateAsync("document.getElementById('message').textContent")).GetString()!.Contains("added DOGE/USD"),
                "the page confirms the add");
            await Eventually.HoldsAsync(async () =>
            {
                var crypto = (await GetJsonAsync(http, $"{host.BaseUrl}/api/ingest")).GetProperty("crypto");
                return crypto.GetProperty("subscribed").GetProperty("trades").EnumerateArray().Select(s => s.GetString()).Contains("DOGE/USD");
            }, "DOGE/USD subscribed on the running crypto lane", TimeSpan.FromSeconds(20));
            await Eventually.HoldsAsync(async () => (await browser.EvaluateAsync("!!document.querySelector('#freshness tr[data-pair=\"DOGE/USD\"]')")).GetBoolean(),
                "DOGE/USD shown on the page");
            await browser.ScreenshotAsync(screenshot);
            output.WriteLine($"screenshot: {screenshot}");

            // 4. Flip the crypto flag off from the page: the lane stops, the flag names the runtime layer.
            (await GetJsonAsync(http, $"{host.BaseUrl}/api/lanes")).EnumerateArray().Single(l => l.GetProperty("name").GetString() == "crypto")
                .GetProperty("running").GetBoolean().ShouldBeTrue();
            var clicked = Stopwatch.StartNew();
            (await browser.EvaluateAsync("(() => { const b = document.querySelector('button[data-flag=torghut_ws_crypto_enabled]'); b.click(); return b.textContent; })()"))
                .GetString().ShouldBe("Turn off");
            await Eventually.HoldsAsync(async () =>
                !(await GetJsonAsync(http, $"{host.BaseUrl}/api/lanes")).EnumerateArray().Single(l => l.GetProperty("name").GetString() == "crypto").GetProperty("running").GetBoolean(),
                "crypto lane stopped", TimeSpan.FromSeconds(10));
            output.WriteLine($"crypto lane stopped {clicked.ElapsedMilliseconds} ms after the click");
            // A stopped lane serves no order books.
            await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/api/orderbook?symbol=ETH%2FUSD"))
                .StatusCode == HttpStatusCode.NotFound, "no ETH/USD book once the lane stopped", TimeSpan.FromSeconds(10));
            var flag = (await GetJsonAsync(http, $"{host.BaseUrl}/api/flags")).GetProperty("flags").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "torghut_ws_crypto_enabled");
            flag.GetProperty("enabled").GetBoolean().ShouldBeFalse();
            flag.GetProperty("source").GetString().ShouldBe("runtime (dashboard)");
            await Eventually.HoldsAsync(async () => (await browser.EvaluateAsync("document.querySelector('[data-lane=crypto]').dataset.running")).GetString() == "false",
                "the page shows the lane stopped");
        }
        catch
        {
            // A failing run keeps its picture too: what the page showed is the first thing to look at.
            await browser.ScreenshotAsync(screenshot);
            var page = await browser.EvaluateAsync("JSON.stringify({ torghut: window.torghut, message: document.getElementById('message').textContent })");
            var freshness = await http.GetStringAsync($"{host.BaseUrl}/api/freshness"); // was the pipeline itself moving?
            output.WriteLine($"screenshot (failure): {screenshot}\npage state: {page}\nfreshness: {freshness}\nhost output:\n{host.Output}");
            throw;
        }
    }
}
