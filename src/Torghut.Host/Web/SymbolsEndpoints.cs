using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Torghut.Host.Universe.Symbols;

namespace Torghut.Host.Web;

/// <summary>
/// Jangar's symbol-management API inside the host, so JANGAR_SYMBOLS_URL can point at Torghut itself. Reads are open;
/// writes need <c>Authorization: Bearer {TORGHUT_ADMIN_TOKEN}</c> (disabled when no token is configured). Bad input is
/// a 400 naming the field, and nothing partial is written. A database that cannot be reached or refuses a statement is
/// a 503: an authenticated caller (and the log) gets the database and the reason (never its password), anyone else
/// only "unavailable", so an open read cannot map the network.
/// </summary>
public static class SymbolsEndpoints
{
    private const string Route = "/api/torghut/symbols";
    private const string CacheKey = "symbols:";

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup(Route).AddEndpointFilter(async (context, next) =>
        {
            try { return await next(context); }
            catch (SymbolStoreException e)
            {
                app.Logger.LogWarning("symbols API: {Error}", e.Message);
                var detail = AdminToken.IsAuthenticated(context.HttpContext.Request,
                    context.HttpContext.RequestServices.GetRequiredService<WebOptions>())
                    ? e.Message : "symbols database unavailable";
                return Results.Json(new { error = detail }, statusCode: 503);
            }
            finally
            {
                // A writer reads its own change at once, not after the cache interval.
                if (!HttpMethods.IsGet(context.HttpContext.Request.Method))
                    context.HttpContext.RequestServices.GetRequiredService<ReadCache>().Invalidate(CacheKey);
            }
        });

        api.MapGet("", async (HttpRequest request, ISymbolStore store, ReadCache cache) =>
        {
            if (!AssetClasses.TryParse(request.Query["assetClass"], out var assetClass)) return BadAssetClass();
            var includeDisabled = string.Equals(request.Query["includeDisabled"], "true", StringComparison.OrdinalIgnoreCase);
            var rows = await cache.GetAsync($"{CacheKey}{assetClass}:{includeDisabled}", ct => store.ListAsync(assetClass, includeDisabled, ct));
            return string.Equals(request.Query["format"], "full", StringComparison.OrdinalIgnoreCase)
                ? Results.Json(new { items = rows.Select(r => new { assetClass = r.AssetClass, enabled = r.Enabled, symbol = r.Symbol, updatedAt = r.UpdatedAt }) })
                : Results.Json(new { symbols = rows.Select(r => r.Symbol) });
        }).RequireRateLimiting(ReadLimits.Policy);

        api.MapPost("", async (HttpRequest request, ISymbolStore store, SymbolValidator validator, WebOptions web, CancellationToken ct) =>
        {
            if (AdminToken.Unauthorized(request, web) is { } denied) return denied;
            if (await ReadBodyAsync(request, ct) is not { } body) return Bad("body", "expected a JSON object");
            if (!AssetClasses.TryParse(StringOrNull(body, "assetClass"), out var assetClass)) return BadAssetClass();
            var enabled = true;
            if (body.TryGetProperty("enabled", out var e))
            {
                if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return Bad("enabled", "must be true or false");
                enabled = e.GetBoolean();
            }
            List<string?> inputs;
            if (body.TryGetProperty("symbols", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array) return Bad("symbols", "must be an array of strings");
                inputs = [];
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String) return Bad($"symbols[{inputs.Count}]", "must be a string");
                    inputs.Add(item.GetString());
                }
            }
            else if (body.TryGetProperty("symbolsText", out var text) && text.ValueKind == JsonValueKind.String)
                inputs = text.GetString()!.Split([',', ' ', '\n', '\t', ';'], StringSplitOptions.RemoveEmptyEntries).Cast<string?>().ToList();
            else return Bad("symbols", "give 'symbols' (array) or 'symbolsText' (string)");
            if (inputs.Count == 0) return Bad("symbols", "is empty");
            var (symbols, error) = validator.Validate(inputs, assetClass);
            if (error is { } err) return Bad(err.Index < 0 ? "assetClass" : body.TryGetProperty("symbols", out _) ? $"symbols[{err.Index}]" : "symbolsText", err.Reason);
            Audit.Record(request, $"upsert {assetClass} enabled={enabled} count={symbols.Count} symbols={Sample(symbols)}");
            var n = await store.UpsertAsync(symbols, assetClass, enabled, ct);
            return Results.Json(new { insertedOrUpdated = n, symbols });
        });

        api.MapMethods("/{**symbol}", ["PATCH"], async (HttpRequest request, ISymbolStore store, SymbolValidator validator,
            WebOptions web, CancellationToken ct) =>
        {
            if (AdminToken.Unauthorized(request, web) is { } denied) return denied;
            if (await ReadBodyAsync(request, ct) is not { } body) return Bad("body", "expected a JSON object");
            if (!body.TryGetProperty("enabled", out var e) || e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return Bad("enabled", "is required: true or false");
            string? assetClass = null;
            if (body.TryGetProperty("assetClass", out var given))
            {
                if (given.ValueKind != JsonValueKind.String || !AssetClasses.TryParse(given.GetString(), out var parsed)) return BadAssetClass();
                assetClass = parsed;
            }
            var canonical = Canonical(request, assetClass, validator);
            Audit.Record(request, $"set enabled={e.GetBoolean()} symbol={canonical}");
            return await store.SetEnabledAsync(canonical, e.GetBoolean(), assetClass, ct)
                ? Results.Json(new { ok = true })
                : Results.Json(new { error = $"unknown symbol '{canonical}'", field = "symbol" }, statusCode: 404);
        });

        api.MapDelete("/{**symbol}", async (HttpRequest request, ISymbolStore store, SymbolValidator validator,
            WebOptions web, CancellationToken ct) =>
        {
            if (AdminToken.Unauthorized(request, web) is { } denied) return denied;
            string? assetClass = null;
            if (request.Query.ContainsKey("assetClass"))
            {
                if (!AssetClasses.TryParse(request.Query["assetClass"], out var parsed)) return BadAssetClass();
                assetClass = parsed;
            }
            var canonical = Canonical(request, assetClass, validator);
            Audit.Record(request, $"delete symbol={canonical}");
            var deleted = await store.DeleteAsync(canonical, assetClass, ct);
            return deleted > 0
                ? Results.Json(new { ok = true, deleted })
                : Results.Json(new { error = $"unknown symbol '{canonical}'", field = "symbol" }, statusCode: 404);
        });
    }

    /// <summary>
    /// The symbol from the raw request target, percent-decoded exactly once. The UI encodes the slash (BTC%2FUSD), and
    /// Kestrel's decoded path keeps %2F but turns %25 into %, so decoding the route value again would read BTC%252FUSD
    /// as BTC/USD.
    /// </summary>
    private static string Canonical(HttpRequest request, string? assetClass, SymbolValidator validator)
    {
        var target = (request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "").Split('?', 2)[0];
        var at = target.IndexOf(Route + "/", StringComparison.OrdinalIgnoreCase);
        // A prefix sent percent-encoded (/api/torghut/%73ymbols/…) is not found raw: take Kestrel's value, decoded once.
        var decoded = (at >= 0 ? Uri.UnescapeDataString(target[(at + Route.Length + 1)..]) : request.RouteValues["symbol"] as string ?? "").Trim();
        var codec = validator.CodecFor(assetClass ?? (decoded.Contains('/') ? AssetClasses.Crypto : AssetClasses.Equity));
        return codec?.Canonicalize(decoded) is { IsValid: true } ok ? ok.Symbol! : decoded.ToUpperInvariant();
    }

    private static string Sample(IReadOnlyList<string> symbols) =>
        string.Join(",", symbols.Take(10)) + (symbols.Count > 10 ? $",…(+{symbols.Count - 10})" : "");

    private static async Task<JsonElement?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException) { return null; }
    }

    private static string? StringOrNull(JsonElement body, string name) =>
        body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IResult BadAssetClass() => Bad("assetClass", "must be crypto or equity");

    private static IResult Bad(string field, string reason) => Results.Json(new { error = $"{field}: {reason}", field }, statusCode: 400);
}
