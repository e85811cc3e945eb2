using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Alpaca.Simulator.Faults;
using Alpaca.Simulator.Market;
using Alpaca.Simulator.Serialization;
using Alpaca.Simulator.Streaming;
using Microsoft.AspNetCore.Http;
using Torghut.Abstractions;

namespace Alpaca.Simulator.Rest;

/// <summary>
/// Historical bars at Alpaca's paths. Bars come from the same market model as the stream, as known at the
/// simulator's "now": a minute is visible once its bar was published, in its latest (possibly updated) version.
/// </summary>
internal sealed class RestBarsEndpoint(SimulatorContext sim)
{
    private const int DefaultLimit = 1000;
    private const int MaxLimit = 10_000;

    private static readonly HashSet<string> CryptoParams = ["symbols", "timeframe", "start", "end", "limit", "page_token", "sort"];
    private static readonly HashSet<string> StockParams =
        ["symbols", "timeframe", "start", "end", "limit", "page_token", "sort", "feed", "adjustment", "asof", "currency"];

    private readonly RateLimiter _rateLimiter = new();

    private sealed class BadRequest(string message) : Exception(message);

    /// <summary>Handles the request if the path is a bars endpoint; false otherwise.</summary>
    public async Task<bool> TryHandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        AssetClass cls;
        string? single = null;
        if (segments is ["v1beta3", "crypto", "us" or "us-1" or "eu-1", "bars"]) cls = AssetClass.Crypto;
        else if (segments is ["v2", "stocks", "bars"]) cls = AssetClass.Equity;
        else if (segments is ["v2", "stocks", var sym, "bars"]) { cls = AssetClass.Equity; single = Uri.UnescapeDataString(sym); }
        else return false;

        if (!HttpMethods.IsGet(ctx.Request.Method))
        {
            await WriteMessageAsync(ctx, 405, "method not allowed");
            return true;
        }

        // Auth: stocks need keys; crypto history is public but bad keys, when given, are still rejected.
        var key = ctx.Request.Headers["APCA-API-KEY-ID"].ToString();
        var secret = ctx.Request.Headers["APCA-API-SECRET-KEY"].ToString();
        var hasKeys = key.Length > 0 || secret.Length > 0;
        if ((cls == AssetClass.Equity || hasKeys) && sim.Validate(key, secret) is null)
        {
            await WriteMessageAsync(ctx, 401, "unauthorized");
            return true;
        }

        var budget = sim.Faults.RateLimit ?? sim.Config.RestRequestsPerMinute;
        var (allowed, limit, remaining, reset) = _rateLimiter.Take(hasKeys ? "key:" + key : "anonymous", budget);
        ctx.Response.Headers["X-Ratelimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
        ctx.Response.Headers["X-Ratelimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        ctx.Response.Headers["X-Ratelimit-Reset"] = reset.ToString(CultureInfo.InvariantCulture);
        if (!allowed)
        {
            await WriteMessageAsync(ctx, 429, "too many requests.");
            return true;
        }

        var fault = sim.Faults.PickRestFault();
        if (fault is { Kind: FaultKind.RestError } err)
        {
            await WriteMessageAsync(ctx, err.Code, err.Code >= 500 ? "internal server error" : "simulated error");
            return true;
        }
        if (fault is { Kind: FaultKind.RestTimeout } slow)
        {
            try { await Task.Delay(slow.Delay, ctx.RequestAborted); } catch (OperationCanceledException) { }
            ctx.Abort();
            return true;
        }

        byte[] body;
        try
        {
            body = Build(ctx.Request.Query, cls, single);
        }
        catch (BadRequest ex)
        {
            await WriteMessageAsync(ctx, 400, ex.Message);
            return true;
        }
        if (fault is { Kind: FaultKind.RestMalformed }) body = body[..Math.Max(1, body.Length / 2)];
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json; charset=UTF-8";
        ctx.Response.ContentLength = body.Length;
        await ctx.Response.Body.WriteAsync(body);
        return true;
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

    private byte[] Build(IQueryCollection query, AssetClass cls, string? single)
    {
        var allowed = cls == AssetClass.Crypto ? CryptoParams : StockParams;
        var unexpected = query.Keys.Where(k => !allowed.Contains(k) || (single is not null && k == "symbols")).ToList();
        if (unexpected.Count > 0) throw new BadRequest($"unexpected query parameter(s): {string.Join(", ", unexpected)}");

        string[] symbols;
        if (single is not null) symbols = [single];
        else
        {
            var raw = query["symbols"].ToString();
            if (raw.Length == 0) throw new BadRequest("missing symbols");
            symbols = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray();
        }
        foreach (var s in symbols)
        {
            if (cls == AssetClass.Crypto && !StreamDefinition.CryptoSymbol().IsMatch(s))
                throw new BadRequest($"invalid symbol: {s} does not match ^[A-Z]+/[A-Z]+$");
            if (cls == AssetClass.Equity && !StreamDefinition.StockSymbol().IsMatch(s))
                throw new BadRequest($"invalid symbol: {s}");
        }

        var timeframe = Timeframe.Parse(query["timeframe"].ToString())
            ?? throw new BadRequest(query.ContainsKey("timeframe") ? $"invalid timeframe: {query["timeframe"]}" : "missing timeframe");
        var now = sim.Clock.NowNanos;
        var nowMinute = MarketModel.MinuteOf(now);
        var start = ParseTime(query, "start") ?? MarketModel.MinuteStartNanos(nowMinute / 1440 * 1440);
        var end = ParseTime(query, "end") ?? now;
        if (end < start) throw new BadRequest("end should not be before start");
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && limitText.ToString().Length > 0)
        {
            if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
                throw new BadRequest($"invalid limit: must be between 1 and {MaxLimit}");
        }
        var sort = query["sort"].ToString() is { Length: > 0 } s0 ? s0 : "asc";
        if (sort is not ("asc" or "desc")) throw new BadRequest($"invalid sort: {sort}");
        var desc = sort == "desc";
        if (query.TryGetValue("feed", out var feed) && feed.ToString() is not ("iex" or "sip" or "otc" or "boats"))
            throw new BadRequest($"invalid feed: {feed}");
        if (query.TryGetValue("adjustment", out var adj) && adj.ToString() is not ("raw" or "split" or "dividend" or "spin-off" or "all"))
            throw new BadRequest($"invalid adjustment: {adj}");

        (string Symbol, long Bucket)? resume = null;
        if (query["page_token"].ToString() is { Length: > 0 } token) resume = DecodeToken(token, symbols);

        var startMinute = MarketModel.MinuteOf(start + 59_999_999_999L); // first whole minute at or after start
        var endMinute = Math.Min(MarketModel.MinuteOf(end), nowMinute);
        var result = new List<(string Symbol, List<SimBar> Bars)>();
        var total = 0;
        string? next = null;
        var symbolIndex = resume is null ? 0 : Array.IndexOf(symbols, resume.Value.Symbol);
        for (var si = symbolIndex; si < symbols.Length && next is null; si++)
        {
            var symbol = symbols[si];
            List<SimBar>? bars = null;
            long? from = resume is { } r && r.Symbol == symbol ? r.Bucket : null;
            foreach (var bar in BarsOf(symbol, timeframe, startMinute, endMinute, now, desc, from))
            {
                if (total == limit)
                {
                    next = EncodeToken(symbol, MarketModel.MinuteOf(bar.Time.UnixNanoseconds));
                    break;
                }
                (bars ??= []).Add(bar);
                total++;
            }
            if (bars is not null) result.Add((symbol, bars));
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (single is not null)
            {
                w.WriteStartArray("bars");
                foreach (var b in result.SelectMany(r => r.Bars)) EventEncoder.WriteRestBar(w, b);
                w.WriteEndArray();
                w.WriteString("symbol", single);
            }
            else
            {
                w.WriteStartObject("bars");
                foreach (var (symbol, bars) in result)
                {
                    w.WriteStartArray(symbol);
                    foreach (var b in bars) EventEncoder.WriteRestBar(w, b);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            if (next is null) w.WriteNull("next_page_token"); else w.WriteString("next_page_token", next);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The bars of one symbol whose start lies in [startMinute, endMinute], in the requested order.</summary>
    private IEnumerable<SimBar> BarsOf(string symbol, Timeframe tf, long startMinute, long endMinute, long now, bool desc, long? resumeBucket)
    {
        if (endMinute < startMinute) yield break;
        var cls = MarketModel.ClassOf(symbol);
        if (!desc)
        {
            var bucket = tf.BucketStart(symbol, startMinute);
            if (bucket < startMinute) bucket = tf.NextBucket(symbol, bucket);
            if (resumeBucket is { } r && r > bucket) bucket = r;
            for (; bucket <= endMinute; bucket = tf.NextBucket(symbol, bucket))
                if (Aggregate(symbol, cls, tf, bucket, now) is { } bar) yield return bar;
        }
        else
        {
            var bucket = tf.BucketStart(symbol, endMinute);
            if (resumeBucket is { } r && r < bucket) bucket = r;
            for (; bucket >= startMinute; bucket = tf.PreviousBucket(symbol, bucket))
                if (Aggregate(symbol, cls, tf, bucket, now) is { } bar) yield return bar;
        }
    }

    private SimBar? Aggregate(string symbol, AssetClass cls, Timeframe tf, long bucket, long now)
    {
        if (tf.Minutes == 1 && !tf.Daily) return sim.Market.BarAsOf(symbol, bucket, now, cache: false);
        var acc = new BarAccumulator();
        var end = tf.NextBucket(symbol, bucket);
        for (var m = bucket; m < end; m++)
        {
            var b = sim.Market.BarAsOf(symbol, m, now, cache: false);
            if (b is null)
            {
                if (MarketModel.MinuteStartNanos(m) > now) break;
                continue;
            }
            acc.AddBar(b);
        }
        return acc.Empty ? null : acc.ToBar(symbol, new NanoTimestamp(MarketModel.MinuteStartNanos(bucket)), cls);
    }

    private static long? ParseTime(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        text = text.Replace(' ', '+'); // an unencoded '+' in an offset arrives as a space
        if (!NanoTimestamp.TryParse(text.AsSpan(), out var t)) throw new BadRequest($"invalid {name}: {text}");
        return t.UnixNanoseconds;
    }

    // Opaque to clients, like Alpaca's (base64 of "SYMBOL|minute").
    private static string EncodeToken(string symbol, long minute) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{symbol}|{minute.ToString(CultureInfo.InvariantCulture)}"));

    private static (string, long) DecodeToken(string token, string[] symbols)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            if (parts.Length == 2 && symbols.Contains(parts[0]) && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minute))
                return (parts[0], minute);
        }
        catch (FormatException) { }
        throw new BadRequest("invalid page_token");
    }
}
