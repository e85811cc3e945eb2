using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Web;

/// <summary>
/// Per-client rate limit on the reads that reach a store (the symbols database, the TA store): a token bucket per
/// remote address, refilled every second, no queue. Over it, 429 with a JSON error and Retry-After; the cache
/// (<see cref="ReadCache"/>) already makes honest polling cheap, this stops one client from looping on it.
/// </summary>
public static class ReadLimits
{
    public const string Policy = "store-reads";
    public const int DefaultPerSecond = 20;

    public static void AddServices(IServiceCollection services, WebOptions options)
    {
        var perSecond = options.ReadRateLimit;
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, ctx => RateLimitPartition.GetTokenBucketLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "", _ =>
                new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perSecond, TokensPerPeriod = perSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0, AutoReplenishment = true,
                }));
            o.OnRejected = (context, ct) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(Results.Json(new { error = $"too many store reads: at most {perSecond} per second per client" }, statusCode: 429)
                    .ExecuteAsync(context.HttpContext));
            };
        });
    }
}
