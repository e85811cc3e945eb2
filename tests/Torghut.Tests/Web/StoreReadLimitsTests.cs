using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Tests.Support;
using Torghut.Host.Storage;

namespace Torghut.Tests.Web;

/// <summary>Reads that reach a store are cached and rate limited per client; dashboard streams are capped and fed off TA.</summary>
public sealed class StoreReadLimitsTests : IDisposable
{
    private const string Token = "store-read-limits-token";
    private readonly TempDir _data = new("torghut-read-limits");

    public void Dispose() => _data.Dispose();

    private Dictionary<string, string> Env(params (string, string)[] extra) => ApiHostEnv.Create(_data.Path, Token, extra);

    private static async Task<string[]> ListAsync(HttpClient http, string url) =>
        JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.GetProperty("symbols").EnumerateArray().Select(s => s.GetString()!).ToArray();

    [Fact]
    public async Task The_symbols_list_is_served_from_the_cache_until_it_expires_and_an_api_write_shows_at_once()
    {
        await using var host = await HostProcess.StartAsync("run", Env(("TORGHUT_READ_CACHE_MS", "3000")));
        using var http = new HttpClient();
        var api = $"{host.BaseUrl}/api/torghut/symbols";
        var post = new HttpRequestMessage(HttpMethod.Post, api) { Content = JsonContent.Create(new { symbols = new[] { "AAPL" } }) };
        post.Headers.Authorization = new("Bearer", Token);
        (await http.SendAsync(post)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync(http, api)).ShouldBe(["AAPL"]); // the write dropped the cached list

        // Another writer (Jangar, a second host) changes the table behind this host's back: readers see the cached
        // list until the interval passes, then the new one.
        await using (var db = new SqliteConnection($"Data Source={Path.Combine(_data.Path, "symbols.db")};Pooling=false"))
        {
            await db.OpenAsync();
            await using var update = db.CreateCommand();
            update.CommandText = "UPDATE torghut_symbols SET enabled = 0";
            (await update.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        var clock = Stopwatch.StartNew();
        (await ListAsync(http, api)).ShouldBe(["AAPL"]);
        await Eventually.HoldsAsync(async () => (await ListAsync(http, api)).Length == 0, "the change behind the cache", TimeSpan.FromSeconds(10));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_client_over_its_store_read_rate_gets_429_while_other_routes_still_answer()
    {
        await using var host = await HostProcess.StartAsync("run", Env(("TORGHUT_READ_RATE_LIMIT", "5")));
        using var http = new HttpClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 15; i++) answers.Add(await http.GetAsync($"{host.BaseUrl}/api/ta/rows?seconds=604800"));
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).ShouldBeInRange(5, 10); // a refill may land mid-loop
        var refused = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        (await refused.Content.ReadAsStringAsync()).ShouldContain("at most 5 per second");
        (await http.GetAsync($"{host.BaseUrl}/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetAsync($"{host.BaseUrl}/api/lanes")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/api/torghut/symbols")).IsSuccessStatusCode, "the bucket refills");
    }

    [Fact]
    public async Task Dashboard_streams_beyond_the_cap_are_refused_and_a_closed_one_frees_its_place()
    {
        await using var host = await HostProcess.StartAsync("run", Env(("TORGHUT_SSE_MAX_CLIENTS", "2")));
        using var http = new HttpClient();
        var url = $"{host.BaseUrl}/api/stream/microbars?symbol=BTC/USD";
        using var first = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var second = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        first.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        var third = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        third.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await third.Content.ReadAsStringAsync()).ShouldContain("TORGHUT_SSE_MAX_CLIENTS");

        second.Dispose();
        await Eventually.HoldsAsync(async () =>
        {
            using var again = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, "a place freed by the closed stream", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Publishing_to_readers_that_never_read_costs_the_ta_worker_nothing_and_readers_that_do_get_the_points()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["TORGHUT_SSE_MAX_CLIENTS"] = "200" }).Build();
        using var broadcast = new TaBroadcast(TaBroadcastOptions.From(configuration));
        var stalled = Enumerable.Range(0, 199).Select(_ => broadcast.TrySubscribe(null)!).ToList();
        using var reader = broadcast.TrySubscribe("BTC/USD")!;
        broadcast.TrySubscribe(null).ShouldBeNull(); // the cap

        var start = NanoTimestamp.Parse("2026-02-22T14:00:00Z");
        var bars = Enumerable.Range(0, 5_000).Select(i =>
        {
            var end = start.AddNanoseconds((i + 1) * 1_000_000_000L);
            return new TaMicrobar("BTC/USD", end, i, end, true, "ta", new TaWindow("PT1S", "PT1S", start.AddNanoseconds(i * 1_000_000_000L), end), 1, 2, 0.5, 1.5, 1, 1.2, 3);
        }).ToList();
        var clock = Stopwatch.StartNew();
        for (var batch = 0; batch < 100; batch++) broadcast.Publish(bars, []);
        clock.Stop();
        // 100 batches × 5,000 points × 200 subscribers would be 10⁸ queue writes on the TA thread; here it is 100 copies
        // and enqueues. The bound is loose because the machine is shared.
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(500)); // the inline fan-out took seconds

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        (await reader.Reader.ReadAsync(wait.Token)).Symbol.ShouldBe("BTC/USD");
        stalled.ForEach(s => s.Dispose());
    }
}
