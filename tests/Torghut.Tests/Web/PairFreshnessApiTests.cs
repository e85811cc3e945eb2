using System.Text.Json;
using Torghut.Tests.Support;

namespace Torghut.Tests.Web;

/// <summary>Per-pair ingest freshness in the status API of a running embedded host (simulator, crypto lane).</summary>
public sealed class PairFreshnessApiTests : IDisposable
{
    private readonly TempDir _data = new("torghut-pair-freshness");

    public void Dispose() => _data.Dispose();

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string url) => JsonDocument.Parse(await http.GetStringAsync(url)).RootElement;

    [Fact]
    public async Task Ingest_and_freshness_show_each_subscribed_pairs_last_event_and_lags()
    {
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_DATA_DIR"] = _data.Path, ["ENABLE_BARS_BACKFILL"] = "false", ["SYMBOLS_CRYPTO"] = "BTC/USD,ETH/USD,SOL/USD",
        });
        using var http = new HttpClient();
        string[] pairs = ["BTC/USD", "ETH/USD", "SOL/USD"];

        // /api/ingest: per pair of the crypto lane, its own count of trades and quotes; together they are the lane's.
        JsonElement crypto = default;
        await Eventually.HoldsAsync(async () =>
        {
            // Until the lane has started, its entry (or its pairs) may not be there yet.
            if (!(await GetJsonAsync(http, $"{host.BaseUrl}/api/ingest")).TryGetProperty("crypto", out crypto)
                || !crypto.TryGetProperty("pairs", out var pairsSeen)) return false;
            var seen = pairsSeen.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("events").GetInt64());
            return pairs.All(p => seen.GetValueOrDefault(p) >= 2);
        }, "every pair has trades or quotes", TimeSpan.FromSeconds(30));
        var perChannel = crypto.GetProperty("messagesPerChannel");
        // A channel appears once it has a message: two seconds in, a pair may have had quotes but no trade yet.
        var tradesAndQuotes = new[] { "trades", "quotes" }.Sum(c => perChannel.TryGetProperty(c, out var n) ? n.GetInt64() : 0);
        crypto.GetProperty("pairs").EnumerateObject().Sum(p => p.Value.GetProperty("events").GetInt64()).ShouldBe(tradesAndQuotes);
        foreach (var pair in crypto.GetProperty("pairs").EnumerateObject())
        {
            var eventNs = pair.Value.GetProperty("lastEventTs").GetProperty("unixNanoseconds").GetInt64();
            var ingestNs = pair.Value.GetProperty("lastIngestTs").GetProperty("unixNanoseconds").GetInt64();
            pair.Value.GetProperty("eventToIngestMs").GetDouble().ShouldBe((ingestNs - eventNs) / 1e6, 1e-6, pair.Name);
        }

        // /api/freshness: now − each pair's own newest event, and that event's eventTs → ingestTs.
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var freshness = await GetJsonAsync(http, $"{host.BaseUrl}/api/freshness");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rows = freshness.GetProperty("pairs").EnumerateArray().ToDictionary(p => p.GetProperty("symbol").GetString()!);
        rows.Keys.Order().ShouldBe(pairs);
        foreach (var (symbol, row) in rows)
        {
            var lastEventMs = row.GetProperty("lastEventTs").GetProperty("unixMilliseconds").GetInt64();
            var lag = row.GetProperty("ingestLagMs").GetInt64();
            lag.ShouldBeGreaterThanOrEqualTo(before - lastEventMs - 1, symbol);
            lag.ShouldBeLessThanOrEqualTo(after - lastEventMs + 1, symbol);
            row.GetProperty("eventToIngestMs").ValueKind.ShouldBe(JsonValueKind.Number, symbol);
            row.GetProperty("events").GetInt64().ShouldBeGreaterThanOrEqualTo(2, symbol);
            row.GetProperty("ingestOk").GetBoolean().ShouldBe(lag <= freshness.GetProperty("thresholds").GetProperty("ingestLagMs").GetInt64(), symbol);
        }
        // Per pair, not per lane: the pairs' newest events are their own.
        rows.Values.Select(r => r.GetProperty("lastEventTs").GetProperty("unixNanoseconds").GetInt64()).Distinct().Count().ShouldBeGreaterThan(1);
    }
}
