using Microsoft.AspNetCore.Builder;

namespace Torghut.Host.Web;

/// <summary>
/// The middleware in front of every endpoint, in order (docs/adr/0020-http-surface.md): headers first so refusals
/// carry them too, then the metrics-port and Host checks, then the body limit, the audit of writes and the rate limiter of store reads (<see cref="ReadLimits"/>).
/// </summary>
public static class HttpHardening
{
    public static void Use(WebApplication app, WebOptions options, string httpUrl)
    {
        SecurityHeaders.Use(app);
        MetricsListener.Use(app, MetricsListener.SeparatePort(httpUrl, options.MetricsUrl));
        HostFilter.Use(app, options);
        BodyLimit.Use(app, options.MaxBodyBytes);
        Audit.Use(app);
        app.UseRateLimiter();
    }

    public static void AddServices(Microsoft.Extensions.DependencyInjection.IServiceCollection services,
        WebOptions options) =>
        ReadLimits.AddServices(services, options);
}
