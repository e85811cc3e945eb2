using Microsoft.AspNetCore.Builder;

namespace Torghut.Host.Web;

/// <summary>
/// Headers on every answer, errors included. The CSP allows only this origin: the dashboard loads its scripts and the
/// vendored chart library from /dashboard/ and talks to /api/ (fetch and SSE). Inline styles stay allowed because the
/// chart library sizes its canvases through style attributes; inline scripts do not.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Use(WebApplication app) => app.Use((ctx, next) =>
    {
        var headers = ctx.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        return next(ctx);
    });
}
