using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Text.Json;
using Torghut.Host.Flags;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Plugins;
using Torghut.Host.Health;
using Torghut.Host.Storage;

namespace Torghut.Host.Web;

/// <summary>Read-only status API of a running host. Thin: each endpoint asks one module and formats.</summary>
public static class StatusEndpoints
{
    // /readyz keeps upstream's snake_case body ({"status","ready","error_class","gates":{"alpaca_ws","kafka","trade_updates"}}),
    // plus "degraded" and "problems" (docs/health.md).
    private static readonly JsonSerializerOptions SnakeCase = JsonOutput.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = false });

    static StatusEndpoints() => SnakeCase.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;

    public static void Map(WebApplication app)
    {
        // Liveness fails only for a loop that stopped making progress; not ready alone never restarts the pod (docs/health.md).
        app.MapGet("/healthz", (Health.ILiveness liveness) =>
        {
            var report = liveness.Evaluate();
            return report.Alive ? Results.Text("ok") : Results.Text("not_alive: " + string.Join("; ", report.Stalled), statusCode: 503);
        });
        app.MapGet("/readyz", (IReadiness readiness) =>
        {
            var report = readiness.Evaluate();
            return Results.Json(report, SnakeCase, statusCode: report.Ready ? 200 : 503);
        });
        // RepairMetrics and OrderBookMetrics are asked for so they exist (and hook the registry) before the first
        // scrape.
        app.MapGet("/metrics", async (HttpContext ctx, Metrics.TorghutMetrics metrics, Metrics.RepairMetrics _,
            Metrics.OrderBookMetrics __) =>
        {
            ctx.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.Registry.CollectAndExportAsTextAsync(ctx.Response.Body, ctx.RequestAborted);
        });
        app.MapGet("/api/ta", async (Analysis.TaStatusBoard ta, TaStoreHandle stores, ReadCache cache) =>
        {
            if (!ta.Running || stores.Current is not { } store) return Results.Json(new { running = false }, JsonOutput.Options);
            var freshness = await cache.GetAsync("ta/freshness", ct => store.FreshnessAsync(cancellationToken: ct));
            var counts = await ChartEndpoints.RowsLast30MinAsync(cache, store);
            var c = ta.Counters!;
            return Results.Json(new
            {
                running = true,
                microbarsWritten = ta.MicrobarsWritten, signalsWritten = ta.SignalsWritten,
                maxSignalEventTs = freshness.MaxSignalEventTs?.ToString(), maxMicrobarWindowEnd = freshness.MaxMicrobarWindowEnd?.ToString(),
                rowsLast30Min = counts.ToDictionary(kv => kv.Key, kv => new { microbars = kv.Value.Microbars, signals = kv.Value.Signals }),
                counters = new
                {
                    c.Envelopes, c.Trades, c.Quotes, c.Bars1m, c.ParseFailures, c.MicrobarsEmitted, c.LateMerged, c.LateDropped,
                    c.FrozenDropped, c.ContextRecords, c.ResumeSkipped,
                    c.Cancels, c.Corrections, c.RevisionsApplied, c.CorrectionTooLate, c.CorrectionsUnmatched,
                    c.WithdrawnTrades,
                    c.Signals1s, c.Signals1m, c.SignalRevisions, c.Warmups, c.WarmupBars, c.WarmupFailures, c.Bars1mWarmup,
                },
            }, JsonOutput.Options);
        }).RequireRateLimiting(ReadLimits.Policy);
        // Served from the read cache (its freshness threshold is minutes; a second's reuse is immaterial) but not rate
        // limited: the trading side polls it per symbol and must never be refused.
        app.MapGet("/api/torghut/trading/eligibility", async (string? symbol, Gates.TradingEligibility eligibility, ReadCache cache) =>
            string.IsNullOrWhiteSpace(symbol) || symbol.Length > 64
                ? Results.Json(new { error = "symbol: is required, at most 64 characters", field = "symbol" }, statusCode: 400)
                : Results.Json(await cache.GetAsync($"eligibility:{symbol}", ct => eligibility.EvaluateAsync(symbol, ct)), JsonOutput.Options));
        app.MapGet("/api/ingest", (IIngestStatus ingest, Ingest.Repair.RepairStatusBoard repairs) =>
            Results.Json(RepairView.WithSessions(ingest.Sessions, repairs), JsonOutput.Options));
        app.MapGet("/api/repairs", (Ingest.Repair.RepairStatusBoard repairs) => Results.Json(RepairView.From(repairs), JsonOutput.Options));
        app.MapGet("/api/lanes", (ILaneSupervisor lanes) => Results.Json(lanes.States, JsonOutput.Options));
        app.MapGet("/api/flags", async (IFlagReader flags) =>
            Results.Json(new { flags = await flags.ReadAllAsync(), flagsFileError = flags.FlagsFileError }, JsonOutput.Options));
        app.MapGet("/api/plugins", (IPluginCatalog catalog) =>
            Results.Json(catalog.Plugins.Select(PluginView.From), JsonOutput.Options));
    }
}
