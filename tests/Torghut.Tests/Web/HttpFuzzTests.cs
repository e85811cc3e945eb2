using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Torghut.Tests.Support;
using Xunit.Abstractions;

namespace Torghut.Tests.Web;

/// <summary>
/// 10,000+ generated requests against a running host across every route and method: malformed JSON, oversized
/// bodies, odd encodings, hostile symbols and Host headers, with and without the token. Afterwards: no 5xx but the
/// documented ones, the process healthy, the symbols table consistent.
/// </summary>
public sealed partial class HttpFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const string Token = "fuzz-admin-token-0123456789abcdef";
    private const int Requests = 10_000;
    private readonly TempDir _data = new("torghut-http-fuzz");

    public void Dispose() => _data.Dispose();

    // Every mapped route with its method (the SSE stream is opened separately: it never ends by itself).
    private static readonly string[] Routes =
    [
        "GET /", "GET /dashboard/index.html", "GET /dashboard/dashboard.js", "GET /dashboard/%2e%2e/%2e%2e/etc/passwd", "GET /healthz",
        "GET /readyz", "GET /metrics", "GET /api/ta", "GET /api/ta/rows?seconds={n}", "GET /api/microbars?symbol={s}&minutes={n}",
        "GET /api/freshness", "GET /api/torghut/trading/eligibility?symbol={s}", "GET /api/ingest", "GET /api/repairs", "GET /api/lanes",
        "GET /api/flags", "PUT /api/flags/{f}", "GET /api/plugins", "POST /api/plugins/reload", "GET /api/slo",
        "GET /api/orderbook?symbol={s}&depth={n}",
        "GET /api/torghut/symbols?assetClass={a}&includeDisabled=true&format=full", "POST /api/torghut/symbols", "POST /api/torghut/symbols",
        "PATCH /api/torghut/symbols/{s}", "DELETE /api/torghut/symbols/{s}?assetClass={a}", "GET /nope/{s}",
    ];
    // Now and then a route gets a method it does not serve.
    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
    private static readonly string[] Symbols =
    [
        "BTC%2FUSD", "BTC%252FUSD", "btc%2fusd", "AAPL", "brk.b", "%2e%2e%2f", "%3Cscript%3E", "'%20OR%201%3D1--", "%00", "%ZZ", "%",
        "%F0%9F%92%A3", "%EF%BC%A2TC", "A%0D%0AX-Injected:%201", new string('A', 5000), "ETH%2FUSD%2F", "..%5C..%5C", "",
    ];
    private static readonly string[] AssetClasses = ["crypto", "equity", "CRYPTO", "", "%3Cscript%3E", "stocks", "crypto%00"];
    private static readonly string[] FlagKeys = ["torghut_ws_equity_enabled", "unknown", "%2e%2e", "torghut_ws_crypto_enabled%00"];
    private static readonly string[] Hosts = ["localhost", "127.0.0.1", "evil.example", "LOCALHOST.", "[::1]", "localhost.evil.example", new string('h', 250)];
    private static readonly string[] JsonSymbols = ["BTC/USD", "eth/usd", "AAPL", "msft", "BRK.B", "<script>", "BTC%2FUSD", "' OR 1=1 --", "\u0000", "Ｂ", "", " ", "A/B/C"];

    [Fact]
    public async Task Ten_thousand_hostile_requests_leave_no_unexplained_5xx_a_healthy_process_and_a_consistent_symbols_table()
    {
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_DATA_DIR"] = _data.Path, ["TORGHUT_ADMIN_TOKEN"] = Token, ["TORGHUT_WS_CRYPTO_ENABLED"] = "false",
            ["TORGHUT_READ_RATE_LIMIT"] = "100000", // the fuzzer is one client: let its reads reach the handlers
        });
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 16 }) { Timeout = TimeSpan.FromSeconds(30) };
        var port = new Uri(host.BaseUrl).Port;
        var statuses = new ConcurrentDictionary<int, int>();
        var unexplained = new ConcurrentQueue<string>();

        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var random = new Random(i); // reproducible: a failing index names its request
            var (request, description) = Generate(random, host.BaseUrl, port);
            using var _ = request;
            var oversize = request.Content?.Headers.ContentLength > 1024 * 1024;
            HttpResponseMessage response;
            try { response = await http.SendAsync(request, ct); }
            catch (HttpRequestException e) when (oversize)
            {
                // A server may answer an oversized upload early and close the connection (RFC 9110, 413); the client
                // then fails writing the rest. Counted apart; any other transport error fails the test.
                statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                output.WriteLine($"#{i} {description}: connection closed mid-upload ({e.InnerException?.Message})");
                return;
            }
            using var _r = response;
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            if (status >= 500 && !(status == 503 && request.RequestUri!.AbsolutePath == "/readyz"))
                unexplained.Enqueue($"#{i} {description} → {status} {await response.Content.ReadAsStringAsync(ct)}");
        });
        output.WriteLine(string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));

        unexplained.ShouldBeEmpty();
        statuses.Values.Sum().ShouldBe(Requests);
        // The requests reached every kind of answer: served, refused as bad, unauthenticated, unknown, too large.
        statuses.Keys.ShouldBeSubsetOf([0, 200, 400, 401, 404, 405, 413, 415, 429, 503]);
        foreach (var expected in new[] { 200, 400, 401, 404, 413 }) statuses.ShouldContainKey(expected);
        await AssertStreamsStillOpenAsync(http, host.BaseUrl);
        (await http.GetAsync($"{host.BaseUrl}/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        host.HasExited.ShouldBeFalse();
        host.Output.ShouldNotContain("An unhandled exception");
        await AssertSymbolsConsistentAsync(http, host.BaseUrl);
    }

    private static (HttpRequestMessage, string) Generate(Random random, string baseUrl, int port)
    {
        string Pick(string[] from) => from[random.Next(from.Length)];
        var route = Pick(Routes).Split(' ', 2);
        var path = route[1].Replace("{s}", Pick(Symbols)).Replace("{a}", Pick(AssetClasses)).Replace("{f}", Pick(FlagKeys))
            .Replace("{n}", Pick(["1", "-5", "1e308", "NaN", "999999999999", "abc", "0.5", "604800"]));
        var request = new HttpRequestMessage(new HttpMethod(random.Next(5) == 0 ? Pick(Methods) : route[0]), baseUrl + path);
        if (random.Next(10) == 0) request.Headers.Host = $"{Pick(Hosts)}:{port}";
        var token = random.Next(10);
        if (token < 6) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Token);
        else if (token < 8) request.Headers.TryAddWithoutValidation("Authorization", Pick(["Bearer wrong", "Bearer ", "Basic Zm9vOmJhcg==", "Bearer " + Token + "x", "bearer " + Token]));
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head) request.Content = Body(random);
        return (request, $"{request.Method} {path[..Math.Min(path.Length, 120)]} host={request.Headers.Host}");
    }

    private static HttpContent Body(Random random)
    {
        string Sym() => JsonSymbols[random.Next(JsonSymbols.Length)];
        var json = random.Next(14) switch
        {
            0 => "{",
            1 => "null",
            2 => new string('[', 5000) + new string(']', 5000),
            3 => "{\"symbols\":[" + string.Join(",", Enumerable.Range(0, 2000).Select(_ => JsonSerializer.Serialize(Sym()))) + "],\"assetClass\":\"equity\"}",
            4 => "{\"symbols\":\"AAPL\",\"enabled\":\"yes\"}",
            5 => $"{{\"symbolsText\":{JsonSerializer.Serialize(Sym() + ", " + Sym())},\"assetClass\":{JsonSerializer.Serialize(AssetClasses[random.Next(AssetClasses.Length)])}}}",
            6 => $"{{\"enabled\":{(random.Next(2) == 0 ? "true" : "1")},\"assetClass\":\"{(random.Next(2) == 0 ? "crypto" : "<script>")}\"}}",
            7 => "{\"symbols\":[\"" + new string('A', 1_200_000) + "\"]}", // over the 1 MB limit
            8 => "{\"symbols\":[1,true,null]}",
            9 => "{\"enabled\":false}",
            10 => "{\"enabled\":true,\"symbols\":[" + JsonSerializer.Serialize(Sym()) + "],\"assetClass\":\"crypto\"}",
            _ => $"{{\"symbols\":[{JsonSerializer.Serialize(Sym())},{JsonSerializer.Serialize(Sym())}],\"assetClass\":\"{(random.Next(2) == 0 ? "crypto" : "equity")}\"}}",
        };
        if (random.Next(20) == 0)
            return new ByteArrayContent([0x7B, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]) { Headers = { ContentType = new("application/json") } }; // invalid UTF-8
        return new StringContent(json, Encoding.UTF8, random.Next(8) == 0 ? "text/plain" : "application/json");
    }

    private static async Task AssertStreamsStillOpenAsync(HttpClient http, string baseUrl)
    {
        foreach (var symbol in new[] { "BTC%2FUSD", "%3Cscript%3E", new string('A', 3000), "" })
        {
            using var stream = await http.GetAsync($"{baseUrl}/api/stream/microbars?symbol={symbol}", HttpCompletionOption.ResponseHeadersRead);
            stream.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    private async Task AssertSymbolsConsistentAsync(HttpClient http, string baseUrl)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var assetClass in new[] { "crypto", "equity" })
        {
            var items = JsonDocument.Parse(await http.GetStringAsync($"{baseUrl}/api/torghut/symbols?assetClass={assetClass}&includeDisabled=true&format=full"))
                .RootElement.GetProperty("items").EnumerateArray().ToList();
            foreach (var item in items)
            {
                var symbol = item.GetProperty("symbol").GetString()!;
                item.GetProperty("assetClass").GetString().ShouldBe(assetClass);
                seen.Add(symbol).ShouldBeTrue($"{symbol} listed twice");
                (assetClass == "crypto" ? CryptoSymbol() : EquitySymbol()).IsMatch(symbol).ShouldBeTrue($"{assetClass} symbol '{symbol}' is not canonical");
            }
        }
        seen.ShouldNotBeEmpty(); // writes got through (deletes too, so which symbols remain is up to the seed)
        await using var db = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "symbols.db")};Mode=ReadOnly;Pooling=false");
        await db.OpenAsync();
        await using var check = db.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        (await check.ExecuteScalarAsync()).ShouldBe("ok");
        check.CommandText = "SELECT COUNT(*) FROM torghut_symbols";
        Convert.ToInt32(await check.ExecuteScalarAsync()).ShouldBe(seen.Count);
        output.WriteLine($"symbols table: {seen.Count} rows, all canonical, none twice");
    }

    [GeneratedRegex("^[A-Z0-9]+/[A-Z0-9]+$")]
    private static partial Regex CryptoSymbol();

    [GeneratedRegex(@"^[A-Z0-9]+([.-][A-Z0-9]+)?$")]
    private static partial Regex EquitySymbol();
}
