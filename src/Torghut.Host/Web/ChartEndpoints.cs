using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Storage;

namespace Torghut.Host.Web;

/// <summary>Data behind the dashboard's charts and freshness table: stored history, a live SSE feed, per-pair lags.</summary>
public static class ChartEndpoints
{
    private const long NanosPerSecond = 1_000_000_000L;
    private static readonly JsonSerializerOptions Compact = JsonOutput.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    // The SLO thresholds the page colours against; served, so page and docs cannot drift apart.
    public const long IngestLagOkMs = 2_000;
    public const long TaLagOkMs = 120_000;
    private const int MaxSymbolLength = 64;

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/microbars", async (string? symbol, int? minutes, TaStoreHandle stores, ReadCache cache) =>
        {
            if (string.IsNullOrWhiteSpace(symbol) || symbol.Length > MaxSymbolLength)
                return Results.Json(new { error = $"symbol: is required, at most {MaxSymbolLength} characters", field = "symbol" }, statusCode: 400);
            if (stores.Current is not { } store) return Results.Json(new { symbol, points = Array.Empty<ChartPoint>(), running = false }, Compact);
            var span = Math.Clamp(minutes ?? 30, 1, 24 * 60);
            var points = await cache.GetAsync($"ta/microbars:{span}:{symbol}", async ct =>
            {
                var now = NanoTimestamp.Now;
                var (from, to) = (now.AddNanoseconds(-span * 60 * NanosPerSecond), now.AddNanoseconds(3600 * NanosPerSecond));
                var bars = await store.MicrobarsAsync(symbol, from, to, ct);
                return ChartPoint.Join(bars, await store.SignalsAsync(symbol, Cadence.OneSecond, from, to, ct)).ToList();
            });
            return Results.Json(new { symbol, points, running = true }, Compact);
        }).RequireRateLimiting(ReadLimits.Policy);

        app.MapGet("/api/stream/microbars", async (string? symbol, HttpContext ctx, TaBroadcast broadcast) =>
        {
            var ct = ctx.RequestAborted;
            using var subscription = broadcast.TrySubscribe(string.IsNullOrWhiteSpace(symbol) ? null : symbol);
            if (subscription is null)
            {
                await Results.Json(new { error = "too many open streams (TORGHUT_SSE_MAX_CLIENTS)" }, statusCode: 503).ExecuteAsync(ctx);
                return;
            }
            ctx.Response.ContentType = "text/event-stream";
            ctx.Response.Headers.CacheControl = "no-cache";
            // A first comment line makes the browser's EventSource fire onopen before any candle arrives.
            await ctx.Response.WriteAsync(": connected\n\n", ct);
            await ctx.Response.Body.FlushAsync(ct);
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    // A heartbeat every 15 s keeps idle proxies from closing a quiet stream (e.g. a pair with no trades).
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    wait.CancelAfter(TimeSpan.FromSeconds(15));
                    try { await subscription.Reader.WaitToReadAsync(wait.Token); }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await ctx.Response.WriteAsync(": heartbeat\n\n", ct);
                        await ctx.Response.Body.FlushAsync(ct);
                        continue;
                    }
                    while (subscription.Reader.TryRead(out var point))
                        await ctx.Response.WriteAsync($"data: {JsonSerializer.Serialize(point, Compact)}\n\n", ct);
                    await ctx.Response.Body.FlushAsync(ct);
                }
            }
            catch (OperationCanceledException) { } // the browser went away
        });

        app.MapGet("/api/freshness", async (TaStoreHandle stores, ILaneSupervisor lanes, IIngestStatus ingest, ReadCache cache) =>
        {
            var now = NanoTimestamp.Now;
            var since = now.AddNanoseconds(-30 * 60 * NanosPerSecond);
            var sessions = ingest.Sessions;
            // The session's subscriptions follow the symbols service; the lane's plan has only the startup list.
            var lanePairs = lanes.States.Where(l => l.Running).Select(lane =>
            {
                var s = sessions.GetValueOrDefault(lane.Name);
                var symbols = s is not null && s.Subscribed.Count > 0 ? s.Subscribed.Values.SelectMany(v => v).Distinct().Order().ToList() : lane.Symbols;
                return (Lane: lane.Name, Session: s, Symbols: symbols);
            }).ToList();
            // Two reads for all pairs together (polled each second by each open page): counts and newest bars of the last 30 min.
            IReadOnlyDictionary<string, (long Microbars, long Signals)> rows = new Dictionary<string, (long, long)>();
            IReadOnlyDictionary<string, StoreFreshness> recent = new Dictionary<string, StoreFreshness>();
            if (stores.Current is { } store)
            {
                rows = await RowsLast30MinAsync(cache, store);
                var symbols = lanePairs.SelectMany(l => l.Symbols).ToHashSet(StringComparer.Ordinal);
                recent = await cache.GetAsync("ta/recent:" + string.Join(",", symbols.Order(StringComparer.Ordinal)), ct => store.RecentFreshnessAsync(symbols, since, ct));
            }
            var pairs = new List<object>();
            foreach (var (laneName, s, symbols) in lanePairs)
            {
                foreach (var symbol in symbols)
                {
                    // Per pair: the newest trade or quote of that symbol (bars carry their minute's start, so they would
                    // read as a minute of lag). ingestLagMs = now − that event; eventToIngestMs = its eventTs → ingestTs.
                    PairIngest? seen = s is not null && s.Pairs.TryGetValue(symbol, out var p) ? p : null;
                    long? ingestLagMs = seen is { } last ? (now.UnixNanoseconds - last.LastEventTs.UnixNanoseconds) / 1_000_000 : null;
                    // Null (shown as —) when the pair has no microbar in the last 30 min, as its row count then says.
                    long? taLagMs = recent.GetValueOrDefault(symbol)?.MaxMicrobarWindowEnd is { } end
                        ? (now.UnixNanoseconds - end.UnixNanoseconds) / 1_000_000 : null;
                    var count = rows.TryGetValue(symbol, out var r) ? r.Microbars : 0;
                    pairs.Add(new
                    {
                        symbol, lane = laneName, lastEventTs = seen?.LastEventTs, ingestLagMs, eventToIngestMs = seen is { } e ? Math.Round(e.EventToIngestMs, 3) : (double?)null,
                        events = seen?.Events ?? 0, taLagMs, microbarsLast30Min = count,
                        ingestOk = ingestLagMs is <= IngestLagOkMs, taOk = taLagMs is <= TaLagOkMs, rowsOk = count > 0,
                    });
                }
            }
            return Results.Json(new { thresholds = new { ingestLagMs = IngestLagOkMs, taLagMs = TaLagOkMs, rowsLast30Min = 1 }, pairs }, JsonOutput.Options);
        }).RequireRateLimiting(ReadLimits.Policy);
    }

    /// <summary>Row counts of the last 30 minutes, shared by /api/freshness and /api/ta (one query per cache interval).</summary>
    internal static Task<IReadOnlyDictionary<string, (long Microbars, long Signals)>> RowsLast30MinAsync(ReadCache cache, ITaStore store) =>
        cache.GetAsync("ta/rows30m", ct =>
        {
            var now = NanoTimestamp.Now;
            return store.RowCountsAsync(now.AddNanoseconds(-30 * 60 * NanosPerSecond), now.AddNanoseconds(3600 * NanosPerSecond), ct);
        });
}
