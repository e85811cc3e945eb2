using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Torghut.Host.Web;

/// <summary>
/// The metrics listener (TORGHUT_METRICS_URL, 0.0.0.0:9090 in deploy/) is reachable by whatever can scrape the pod,
/// so it serves <c>/metrics</c> and nothing else: the dashboard, the APIs and the admin writes stay on the HTTP URL.
/// </summary>
public static class MetricsListener
{
    /// <summary>The metrics port when it is a listener of its own; null when metrics share the HTTP URL.</summary>
    public static int? SeparatePort(string httpUrl, string? metricsUrl)
    {
        if (string.IsNullOrWhiteSpace(metricsUrl) || metricsUrl == httpUrl) return null;
        if (!Uri.TryCreate(Wildcards(metricsUrl), UriKind.Absolute, out var metrics)) return null;
        // Same port under another spelling (0.0.0.0 vs 127.0.0.1): one listener, which must keep serving everything.
        return Uri.TryCreate(Wildcards(httpUrl), UriKind.Absolute, out var http) && http.Port == metrics.Port ? null : metrics.Port;
    }

    // Kestrel's "any address" spellings are not valid URI hosts.
    internal static string Wildcards(string url) => url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0");

    public static void Use(WebApplication app, int? metricsPort)
    {
        if (metricsPort is not { } port) return;
        app.Use((ctx, next) =>
        {
            if (ctx.Connection.LocalPort != port || ctx.Request.Path.Equals("/metrics", StringComparison.Ordinal)) return next(ctx);
            ctx.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
    }
}
