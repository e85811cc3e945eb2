using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Torghut.Host.Flags;
using Torghut.Host.Configuration;

namespace Torghut.Host.Web;

/// <summary>
/// PUT /api/flags/{key} {"enabled":bool}: a runtime override from the dashboard, behind the same admin token as the
/// symbols API. The value goes into the top configuration layer, whose reload makes the lane supervisor act at once.
/// </summary>
public static class FlagsEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPut("/api/flags/{key}", async (string key, HttpRequest request, WebOptions web, IFlagReader flags,
            RuntimeFlagsLayer layer, CancellationToken ct) =>
        {
            if (AdminToken.Unauthorized(request, web) is { } denied) return denied;
            if (!FlagKeys.All.Contains(key))
                return Results.Json(new { error = $"key: unknown flag '{key}' (known: {string.Join(", ", FlagKeys.All)})", field = "key" }, statusCode: 400);
            bool enabled;
            try
            {
                using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("enabled", out var e)
                    || e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                    return Results.Json(new { error = "enabled: is required: true or false", field = "enabled" }, statusCode: 400);
                enabled = e.GetBoolean();
            }
            catch (JsonException)
            {
                return Results.Json(new { error = "body: expected a JSON object", field = "body" }, statusCode: 400);
            }
            var runtime = layer.Provider;
            if (runtime is null) return Results.Json(new { error = "this host has no runtime flags layer" }, statusCode: 503);
            Audit.Record(request, $"flag {key} enabled={enabled}");
            runtime.SetFlag(key, enabled);
            var state = (await flags.ReadAllAsync()).First(f => f.Key == key);
            return Results.Json(state, JsonOutput.Options);
        });
    }
}
