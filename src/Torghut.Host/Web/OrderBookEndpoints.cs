using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Torghut.Host.OrderBooks;

namespace Torghut.Host.Web;

/// <summary>
/// <c>/api/orderbook?symbol=&amp;depth=</c>: the top levels of a crypto L2 book kept by the host (ADR 0040). Served
/// from memory, so not through the read cache (a cached book would be a second old); rate limited like the other
/// reads so a looping client cannot hold the books' lock against the lane.
/// </summary>
public static class OrderBookEndpoints
{
    public const int DefaultDepth = 10, MaxDepth = 100;
    private const int MaxSymbolLength = 64;

    public static void Map(WebApplication app)
    {
        app.MapGet("/api/orderbook", (string? symbol, string? depth, OrderBookBoard books) =>
        {
            if (string.IsNullOrWhiteSpace(symbol) || symbol.Length > MaxSymbolLength)
                return Error(400, $"symbol: is required, at most {MaxSymbolLength} characters", "symbol");
            var levels = DefaultDepth;
            if (depth is not null && (!int.TryParse(depth, out levels) || levels < 1 || levels > MaxDepth))
                return Error(400, $"depth: a whole number from 1 to {MaxDepth}", "depth");
            if (books.Find(symbol, levels) is not { } book)
                return Error(404, $"no order book for {symbol}: not a streamed crypto pair, or orderbooks not in " +
                    "ALPACA_MARKET_DATA_CHANNELS", "symbol");
            var now = Torghut.Abstractions.NanoTimestamp.Now;
            long? ageMs = book.ReceivedAt is { } at ? (now.UnixNanoseconds - at.UnixNanoseconds) / 1_000_000 : null;
            return Results.Json(new
            {
                symbol = book.Symbol, lane = book.Lane, state = book.State, depth = levels,
                eventTs = book.EventTs?.ToString(), receivedAt = book.ReceivedAt?.ToString(), ageMs,
                updates = book.Updates,
                bids = book.Bids.Select(l => new { p = l.Price, s = l.Size }),
                asks = book.Asks.Select(l => new { p = l.Price, s = l.Size }),
            }, JsonOutput.Options);
        }).RequireRateLimiting(ReadLimits.Policy);
    }

    private static IResult Error(int status, string message, string field) =>
        Results.Json(new { error = message, field }, statusCode: status);
}
