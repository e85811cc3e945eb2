using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Host.Universe.Symbols;

namespace Torghut.Host.Web;

/// <summary>
/// Jangar's symbol-management API inside the host, so JANGAR_SYMBOLS_URL can point at Torghut itself. Reads are open;
/// writes need <c>Authorization: Bearer {TORGHUT_ADMIN_TOKEN}</c> (disabled when no token is configured). Bad input is
/// a 400 naming the field, and nothing partial is written. A database that cannot be reached or refuses a statement is a
/// 503 naming the database and the reason (never its password), as Jangar answers 503 without a database.
/// </summary>
public static class SymbolsEndpoints
{
    private const string Route = "/api/torghut/symbols";

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup(Route).AddEndpointFilter(async (context, next) =>
        {
            try { return await next(context); }
            catch (SymbolStoreException e)
            {
                app.Logger.LogWarning("symbols API: {Error}", e.Message);
                return Results.Json(new { error = e.Message }, statusCode: 503);
            }
        });

        api.MapGet("", async (HttpRequest request, ISymbolStore store, CancellationToken ct) =>
        {
            var assetClass = AssetClasses.Normalize(request.Query["assetClass"]);
            var includeDisabled = string.Equals(request.Query["includeDisabled"], "true", StringComparison.OrdinalIgnoreCase);
            var rows = await store.ListAsync(assetClass, includeDisabled, ct);
            return string.Equals(request.Query["format"], "full", StringComparison.OrdinalIgnoreCase)
                ? Results.Json(new { items = rows.Select(r => new { assetClass = r.AssetClass, enabled = r.Enabled, symbol = r.Symbol, updatedAt = r.UpdatedAt }) })
                : Results.Json(new { symbols = rows.Select(r => r.Symbol) });
        });

        api.MapPost("", async (HttpRequest request, ISymbolStore store, SymbolValidator validator, IConfiguration configuration, CancellationToken ct) =>
        {
            if (Unauthorized(request, configuration) is { } denied) return denied;
            if (await ReadBodyAsync(request, ct) is not { } body) return Bad("body", "expected a JSON object");
            var assetClass = AssetClasses.Normalize(StringOrNull(body, "assetClass"));
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
            var n = await store.UpsertAsync(symbols, assetClass, enabled, ct);
            return Results.Json(new { insertedOrUpdated = n, symbols });
        });

        api.MapMethods("/{**symbol}", ["PATCH"], async (string symbol, HttpRequest request, ISymbolStore store, SymbolValidator validator,
            IConfiguration configuration, CancellationToken ct) =>
        {
            if (Unauthorized(request, configuration) is { } denied) return denied;
            if (await ReadBodyAsync(request, ct) is not { } body) return Bad("body", "expected a JSON object");
            if (!body.TryGetProperty("enabled", out var e) || e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                return Bad("enabled", "is required: true or false");
            var assetClass = StringOrNull(body, "assetClass") is { } raw ? AssetClasses.Normalize(raw) : null;
            var canonical = Canonical(symbol, assetClass, validator);
            return await store.SetEnabledAsync(canonical, e.GetBoolean(), assetClass, ct)
                ? Results.Json(new { ok = true })
                : Results.Json(new { error = $"unknown symbol '{canonical}'", field = "symbol" }, statusCode: 404);
        });

        api.MapDelete("/{**symbol}", async (string symbol, HttpRequest request, ISymbolStore store, SymbolValidator validator,
            IConfiguration configuration, CancellationToken ct) =>
        {
            if (Unauthorized(request, configuration) is { } denied) return denied;
            var assetClass = request.Query.ContainsKey("assetClass") ? AssetClasses.Normalize(request.Query["assetClass"]) : null;
            var canonical = Canonical(symbol, assetClass, validator);
            var deleted = await store.DeleteAsync(canonical, assetClass, ct);
            return deleted > 0
                ? Results.Json(new { ok = true, deleted })
                : Results.Json(new { error = $"unknown symbol '{canonical}'", field = "symbol" }, statusCode: 404);
        });
    }

    /// <summary>The UI URL-encodes the slash (BTC%2FUSD); routing leaves %2F encoded, so decode it here.</summary>
    private static string Canonical(string raw, string? assetClass, SymbolValidator validator)
    {
        var decoded = Uri.UnescapeDataString(raw).Trim();
        var codec = validator.CodecFor(assetClass ?? (decoded.Contains('/') ? AssetClasses.Crypto : AssetClasses.Equity));
        return codec?.Canonicalize(decoded) is { IsValid: true } ok ? ok.Symbol! : decoded.ToUpperInvariant();
    }

    /// <summary>The one admin-token rule for every write endpoint (symbols, flags).</summary>
    internal static IResult? Unauthorized(HttpRequest request, IConfiguration configuration)
    {
        var token = configuration["TORGHUT_ADMIN_TOKEN"];
        if (string.IsNullOrWhiteSpace(token))
            return Results.Json(new { error = "writes are disabled: set TORGHUT_ADMIN_TOKEN to enable them" }, statusCode: 503);
        var header = request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token.Trim()))
            ? null
            : Results.Json(new { error = "missing or wrong bearer token" }, statusCode: 401);
    }

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

    private static IResult Bad(string field, string reason) => Results.Json(new { error = $"{field}: {reason}", field }, statusCode: 400);
}
