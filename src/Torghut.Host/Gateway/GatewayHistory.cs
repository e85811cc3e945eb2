using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Torghut.Abstractions;
using Torghut.Host.Transport;

namespace Torghut.Host.Gateway;

/// <summary>
/// Alpaca's historical-bars REST call (<c>GET /v1beta3/crypto/{loc}/bars</c>, <c>GET /v2/stocks/bars</c>) answered
/// from the 1 m bars on Torghut's bars topic, so an SDK's history call works against the gateway too. Only the
/// last <see cref="GatewaySettings.HistoryDays"/> days, only <c>1Min</c>; a minute published more than once (REST
/// backfill, updatedBars) answers its last version. Keys in Alpaca's headers, the gateway's own.
/// </summary>
internal sealed class GatewayHistory(
    ITopicReader reader, string barsTopic, GatewaySettings settings, Func<bool, IReadOnlySet<string>> universe)
{
    private const int DefaultLimit = 1000, MaxLimit = 10_000;

    public async Task<IResult> BarsAsync(HttpContext ctx, bool crypto)
    {
        var q = ctx.Request.Query;
        // As at Alpaca: crypto history needs no keys (the JS SDK sends none for it), stock history does, and keys
        // that are sent must be right.
        var key = ctx.Request.Headers["APCA-API-KEY-ID"].ToString();
        var secret = ctx.Request.Headers["APCA-API-SECRET-KEY"].ToString();
        var anonymous = key.Length == 0 && secret.Length == 0;
        if (anonymous ? !crypto : !settings.Keys.Accepts(key, secret)) return Message(403, "forbidden.");
        var symbols = q["symbols"].ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (symbols.Length == 0) return Message(400, "missing symbols");
        var known = universe(crypto);
        if (symbols.FirstOrDefault(s => !known.Contains(s)) is { } unknown)
            return Message(400, $"invalid symbol: {unknown} is not in Torghut's universe");
        var timeframe = q["timeframe"].ToString();
        if (timeframe is not ("1Min" or "1T" or "1min")) return Message(422, "the gateway serves 1Min bars only");
        var oldest = DateTimeOffset.UtcNow.AddDays(-settings.HistoryDays);
        if (!TryTime(q["start"], oldest, out var start) || !TryTime(q["end"], DateTimeOffset.UtcNow, out var end))
            return Message(400, "invalid start or end");
        var limit = DefaultLimit;
        if (q["limit"].Count > 0 && (!int.TryParse(q["limit"], out limit) || limit < 1 || limit > MaxLimit))
            return Message(400, "invalid limit");
        var descending = q["sort"].ToString() == "desc";
        (string Symbol, long Nanos)? resume = null;
        if (q["page_token"].ToString() is { Length: > 0 } token)
        {
            if (ParseToken(token) is not { } parsed) return Message(400, "invalid page_token");
            resume = parsed;
        }

        // Records are read by the time they were stored, which follows their minute: start at the earlier of the two
        // (a venue clock ahead of ours, the simulator at speed, still finds its bars), never past the served days.
        var since = start < DateTimeOffset.UtcNow ? start : DateTimeOffset.UtcNow;
        if (since < oldest) since = oldest;
        var records = await reader.ReadSinceAsync(barsTopic, symbols, since.AddMinutes(-5), ctx.RequestAborted);
        var bars = Latest(records, start, end);
        using var body = new MemoryStream();
        using (var w = new Utf8JsonWriter(body))
        {
            w.WriteStartObject();
            w.WriteStartObject("bars");
            var total = 0;
            string? next = null;
            foreach (var symbol in symbols)
            {
                if (resume is { } r && string.CompareOrdinal(symbol, r.Symbol) < 0) continue;
                if (!bars.TryGetValue(symbol, out var byMinute)) continue;
                IEnumerable<KeyValuePair<long, JsonElement>> ordered = descending ? byMinute.Reverse() : byMinute;
                if (resume is { } from && from.Symbol == symbol)
                    ordered = ordered.Where(b => descending ? b.Key <= from.Nanos : b.Key >= from.Nanos);
                var wrote = false;
                foreach (var (nanos, bar) in ordered)
                {
                    if (total == limit)
                    {
                        next = Token(symbol, nanos);
                        break;
                    }
                    if (!wrote) { w.WriteStartArray(symbol); wrote = true; }
                    bar.WriteTo(w);
                    total++;
                }
                if (wrote) w.WriteEndArray();
                if (next is not null) break;
            }
            w.WriteEndObject();
            if (next is null) w.WriteNull("next_page_token");
            else w.WriteString("next_page_token", next);
            w.WriteEndObject();
        }
        return Results.Bytes(body.ToArray(), "application/json");
    }

    /// <summary>
    /// Per symbol, per minute in [start, end]: the last version published, as Alpaca's REST bar object.
    /// </summary>
    private static Dictionary<string, SortedDictionary<long, JsonElement>> Latest(
        IReadOnlyList<StoredTransportRecord> records, DateTimeOffset start, DateTimeOffset end)
    {
        var result = new Dictionary<string, SortedDictionary<long, JsonElement>>(StringComparer.Ordinal);
        var from = NanoTimestamp.FromDateTimeOffset(start).UnixNanoseconds;
        var to = NanoTimestamp.FromDateTimeOffset(end).UnixNanoseconds;
        foreach (var record in records)
        {
            try
            {
                var envelope = JsonDocument.Parse(record.Value).RootElement;
                if (envelope.GetProperty("channel").GetString() is not ("bars" or "updatedBars")) continue;
                var payload = envelope.GetProperty("payload");
                if (!NanoTimestamp.TryParse(payload.GetProperty("t").GetString(), out var t)) continue;
                if (t.UnixNanoseconds < from || t.UnixNanoseconds > to) continue;
                if (!result.TryGetValue(record.Key, out var byMinute))
                    result[record.Key] = byMinute = new SortedDictionary<long, JsonElement>();
                byMinute[t.UnixNanoseconds] = RestBar(payload);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // A record that is not a bar envelope is skipped: history answers with what it can read.
            }
        }
        return result;
    }

    /// <summary>Alpaca's REST bar keys (<c>t,o,h,l,c,v,n,vw</c>): the payload without its symbol and type.</summary>
    private static JsonElement RestBar(JsonElement payload)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var key in (string[])["t", "o", "h", "l", "c", "v", "n", "vw"])
                if (payload.TryGetProperty(key, out var value)) { w.WritePropertyName(key); value.WriteTo(w); }
            w.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
    }

    private static bool TryTime(Microsoft.Extensions.Primitives.StringValues text, DateTimeOffset fallback,
        out DateTimeOffset value)
    {
        value = fallback;
        if (text.Count == 0 || string.IsNullOrEmpty(text.ToString())) return true;
        if (NanoTimestamp.TryParse(text.ToString(), out var ts)) { value = ts.ToDateTimeOffset(); return true; }
        if (!DateOnly.TryParseExact(text.ToString(), "yyyy-MM-dd", out var day)) return false;
        value = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return true;
    }

    private static string Token(string symbol, long nanos) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{symbol}|{nanos}"));

    private static (string, long)? ParseToken(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            return parts.Length == 2 && long.TryParse(parts[1], out var nanos) ? (parts[0], nanos) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static IResult Message(int status, string message) => Results.Json(new { message }, statusCode: status);
}
