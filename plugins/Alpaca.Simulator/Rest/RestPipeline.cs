using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Alpaca.Simulator.Faults;
using Alpaca.Simulator.Market;
using Microsoft.AspNetCore.Http;

namespace Alpaca.Simulator.Rest;

/// <summary>
/// What every historical request goes through before and after its dataset builds the body: GET only, auth, the
/// per-key rate limit (429 + X-Ratelimit-* headers), REST fault injection (errors, timeouts, truncated bodies),
/// 400 for bad parameters. The dataset's builder gets the picked fault to apply the page-content faults itself.
/// </summary>
internal sealed class RestPipeline(SimulatorContext sim)
{
    private readonly RateLimiter _rateLimiter = new();

    public async Task HandleAsync(HttpContext ctx, RestRoute route, Func<RestFault?, byte[]> build)
    {
        if (!HttpMethods.IsGet(ctx.Request.Method))
        {
            await WriteMessageAsync(ctx, 405, "method not allowed");
            return;
        }

        // Auth: stocks need keys; crypto history is public but bad keys, when given, are still rejected.
        var key = ctx.Request.Headers["APCA-API-KEY-ID"].ToString();
        var secret = ctx.Request.Headers["APCA-API-SECRET-KEY"].ToString();
        var hasKeys = key.Length > 0 || secret.Length > 0;
        if ((route.Class == AssetClass.Equity || hasKeys) && sim.Validate(key, secret) is null)
        {
            await WriteMessageAsync(ctx, 401, "unauthorized");
            return;
        }

        var budget = sim.Faults.RateLimit ?? sim.Config.RestRequestsPerMinute;
        var (allowed, limit, remaining, reset) = _rateLimiter.Take(hasKeys ? "key:" + key : "anonymous", budget);
        ctx.Response.Headers["X-Ratelimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        ctx.Response.Headers["X-Ratelimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        ctx.Response.Headers["X-Ratelimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        if (!allowed)
        {
            await WriteMessageAsync(ctx, 429, "too many requests.");
            return;
        }

        var fault = sim.Faults.PickRestFault(bars: route.Dataset == RestDataset.Bars);
        if (fault is { Kind: FaultKind.RestError } err)
        {
            await WriteMessageAsync(ctx, err.Code, err.Code >= 500 ? "internal server error" : "simulated error");
            return;
        }
        if (fault is { Kind: FaultKind.RestTimeout } slow)
        {
            try { await Task.Delay(slow.Delay, ctx.RequestAborted); } catch (OperationCanceledException) { }
            ctx.Abort();
            return;
        }

        byte[] body;
        try
        {
            body = build(fault);
        }
        catch (RestBadRequest ex)
        {
            await WriteMessageAsync(ctx, 400, ex.Message);
            return;
        }
        if (fault is { Kind: FaultKind.RestMalformed }) body = body[..Math.Max(1, body.Length / 2)];
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json; charset=UTF-8";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body);
    }

    public static async Task WriteMessageAsync(HttpContext ctx, int status, string message)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=UTF-8";
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("message", message);
            w.WriteEndObject();
        }
        await ctx.Response.Body.WriteAsync(buffer.WrittenMemory);
    }
}
