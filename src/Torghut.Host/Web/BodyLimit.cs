using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Web;

/// <summary>
/// Every body the API reads is a small JSON document, so Kestrel's 30 MB default is far too generous: one 25 MB POST
/// once doubled the RSS. A declared length over the limit is refused before reading (the rest is discarded unbuffered);
/// a chunked body is cut off when it crosses it. Both answer 413 with a JSON error and leave one warning line (no stack trace).
/// </summary>
public static class BodyLimit
{
    public const long DefaultBytes = 1024 * 1024;

    public static void Use(WebApplication app, long limit)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BodyLimit).FullName!);
        app.Use(async (ctx, next) =>
        {
            // Refused before the limit is lowered: Kestrel then discards the unread body under its own limit and the
            // client reads the 413 instead of a reset connection.
            if (ctx.Request.ContentLength > limit)
            {
                await TooLargeAsync(ctx, log, limit);
                return;
            }
            if (ctx.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature) feature.MaxRequestBodySize = limit;
            try { await next(ctx); }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !ctx.Response.HasStarted)
            {
                await TooLargeAsync(ctx, log, limit);
            }
        });
    }

    private static Task TooLargeAsync(HttpContext ctx, ILogger log, long limit)
    {
        log.LogWarning("{Method} {Path}: body over {Limit} bytes refused (413)", ctx.Request.Method, ctx.Request.Path, limit);
        return Results.Json(new { error = $"body: larger than {limit} bytes", field = "body" }, statusCode: 413).ExecuteAsync(ctx);
    }
}
