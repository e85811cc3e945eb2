using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Gates.Slo;
using Torghut.Host.Storage;

namespace Torghut.Host.Web;

/// <summary>The SLO verdicts (dashboard panel, `torghut gate`) and the store row counts the gate reads through the host.</summary>
public static class SloEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/api/slo", (ISloStatus slo) =>
        {
            var s = slo.Current;
            return Results.Json(new
            {
                evaluatedAt = s.EvaluatedAt == DateTimeOffset.MinValue ? null : s.EvaluatedAt.ToString("O"),
                calendar = new { exchange = s.Calendar, coversTo = s.CalendarCoversTo.ToString("yyyy-MM-dd") },
                marketOpen = s.MarketOpen,
                slos = s.Results.Select(r => new
                {
                    r.Slo, r.Lane, r.State, ok = r.State == SloStates.NoData ? (bool?)null : !r.Breached,
                    r.Observed, r.Threshold, r.Operator, r.WindowSeconds, r.Detail,
                }),
            }, JsonOutput.Options);
        });

        // Rows per symbol with event_ts in the last `seconds` (default 1800, at most 7 days): how `torghut gate` reads an
        // embedded DuckDB store, which the running host holds locked.
        app.MapGet("/api/ta/rows", async (double? seconds, TaStoreHandle stores, ReadCache cache) =>
        {
            if (stores.Current is not { } store) return Results.Json(new { running = false }, JsonOutput.Options);
            var span = (long)Math.Clamp(double.IsNaN(seconds ?? 0) ? 1800 : seconds ?? 1800, 1, 7 * 86_400);
            return Results.Json(await cache.GetAsync($"ta/rows:{span}", ct => RowsAsync(store, span, ct)), JsonOutput.Options);
        }).RequireRateLimiting(ReadLimits.Policy);
    }

    private static async Task<object> RowsAsync(ITaStore store, long span, CancellationToken ct)
    {
        var now = NanoTimestamp.Now;
        var from = now.AddNanoseconds(-span * 1_000_000_000);
        var counts = await store.RowCountsAsync(from, now.AddNanoseconds(3600L * 1_000_000_000), ct);
        var freshness = await store.FreshnessAsync(cancellationToken: ct);
        return new
        {
            running = true, from = from.ToString(), to = now.ToString(),
            maxSignalEventTs = freshness.MaxSignalEventTs?.ToString(), maxMicrobarWindowEnd = freshness.MaxMicrobarWindowEnd?.ToString(),
            symbols = counts.ToDictionary(kv => kv.Key, kv => new { microbars = kv.Value.Microbars, signals = kv.Value.Signals }),
        };
    }
}
