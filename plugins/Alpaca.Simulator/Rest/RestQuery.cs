using System.Globalization;
using Alpaca.Simulator.Market;
using Alpaca.Simulator.Streaming;
using Microsoft.AspNetCore.Http;
using Torghut.Abstractions;

namespace Alpaca.Simulator.Rest;

/// <summary>A 400 answer: the message goes to the client as <c>{"message":...}</c>.</summary>
internal sealed class RestBadRequest(string message) : Exception(message);

/// <summary>
/// The query parameters every historical endpoint shares (symbols, start, end, limit, sort, page_token; stocks also
/// feed, asof, currency), validated like Alpaca: unknown parameters are rejected, not ignored.
/// </summary>
internal sealed class RestQuery
{
    private const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;

    private static readonly string[] Common = ["symbols", "start", "end", "limit", "page_token", "sort"];
    private static readonly string[] StockOnly = ["feed", "asof", "currency"];

    public required RestRoute Route { get; init; }
    /// <summary>Requested symbols, distinct and sorted (Alpaca's page order).</summary>
    public required string[] Symbols { get; init; }
    public required long StartNanos { get; init; }
    public required long EndNanos { get; init; }
    public required long NowNanos { get; init; }
    public required int Limit { get; init; }
    public required bool Desc { get; init; }
    public string? PageToken { get; init; }
    /// <summary>Echoed in the answer when given (Alpaca adds <c>"currency"</c> then).</summary>
    public string? Currency { get; init; }

    /// <param name="extra">Parameters this dataset takes besides the common ones (bars: timeframe, adjustment).</param>
    public static RestQuery Parse(IQueryCollection query, RestRoute route, long now, params string[] extra)
    {
        var unexpected = query.Keys.Where(k => !Allowed(k, route, extra)).ToList();
        if (unexpected.Count > 0) throw new RestBadRequest($"unexpected query parameter(s): {string.Join(", ", unexpected)}");

        var symbols = route.Single is { } single ? [single] : ParseSymbols(query["symbols"].ToString());
        foreach (var s in symbols)
        {
            if (route.Class == AssetClass.Crypto && !StreamDefinition.CryptoSymbol().IsMatch(s))
                throw new RestBadRequest($"invalid symbol: {s} does not match ^[A-Z]+/[A-Z]+$");
            if (route.Class == AssetClass.Equity && !StreamDefinition.StockSymbol().IsMatch(s))
                throw new RestBadRequest($"invalid symbol: {s}");
        }

        var start = ParseTime(query, "start") ?? MarketModel.MinuteStartNanos(MarketModel.MinuteOf(now) / 1440 * 1440);
        var end = ParseTime(query, "end") ?? now;
        if (end < start) throw new RestBadRequest("end should not be before start");
        var limit = DefaultLimit;
        if (query.TryGetValue("limit", out var limitText) && limitText.ToString().Length > 0)
        {
            if (!int.TryParse(limitText, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
                throw new RestBadRequest($"invalid limit: must be between 1 and {MaxLimit}");
        }
        var sort = query["sort"].ToString() is { Length: > 0 } s0 ? s0 : "asc";
        if (sort is not ("asc" or "desc")) throw new RestBadRequest($"invalid sort: {sort}");
        if (query.TryGetValue("feed", out var feed) && feed.ToString() is not ("iex" or "sip" or "otc" or "boats"))
            throw new RestBadRequest($"invalid feed: {feed}");
        return new RestQuery
        {
            Route = route, Symbols = symbols, StartNanos = start, EndNanos = end, NowNanos = now, Limit = limit, Desc = sort == "desc",
            PageToken = query["page_token"].ToString() is { Length: > 0 } token ? token : null,
            Currency = query["currency"].ToString() is { Length: > 0 } currency ? currency : null,
        };
    }

    private static bool Allowed(string key, RestRoute route, string[] extra) =>
        (Common.Contains(key) && !(route.Single is not null && key == "symbols"))
        || (route.Class == AssetClass.Equity && StockOnly.Contains(key))
        || extra.Contains(key);

    private static string[] ParseSymbols(string raw)
    {
        if (raw.Length == 0) throw new RestBadRequest("missing symbols");
        return raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToArray();
    }

    private static long? ParseTime(IQueryCollection query, string name)
    {
        var text = query[name].ToString();
        if (text.Length == 0) return null;
        text = text.Replace(' ', '+'); // an unencoded '+' in an offset arrives as a space
        if (!NanoTimestamp.TryParse(text.AsSpan(), out var t)) throw new RestBadRequest($"invalid {name}: {text}");
        return t.UnixNanoseconds;
    }
}
