using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Torghut.Host.Web;

/// <summary>
/// One structured line per write request (category <c>Torghut.Host.Web.Audit</c>): who (remote address), which route,
/// what changed (as the endpoint describes it with <see cref="Record"/>) and the result. Refused writes are logged too,
/// with what they asked for. The Authorization header is never read here, so the token cannot reach the line.
/// </summary>
public static class Audit
{
    private const string ChangeKey = "torghut.audit.change";

    /// <summary>Called by a write endpoint: what this request changes (or asked to change).</summary>
    public static void Record(HttpRequest request, string change) => request.HttpContext.Items[ChangeKey] = change;

    public static void Use(WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(Audit).FullName!);
        app.Use(async (ctx, next) =>
        {
            if (HttpMethods.IsGet(ctx.Request.Method) || HttpMethods.IsHead(ctx.Request.Method) || ctx.GetEndpoint() is not RouteEndpoint route)
            {
                await next(ctx);
                return;
            }
            try { await next(ctx); }
            finally
            {
                log.LogInformation("audit remote={Remote} method={Method} route={Route} change={Change} status={Status}",
                    ctx.Connection.RemoteIpAddress, ctx.Request.Method, route.RoutePattern.RawText,
                    ctx.Items[ChangeKey] as string ?? "none", ctx.Response.StatusCode);
            }
        });
    }
}
