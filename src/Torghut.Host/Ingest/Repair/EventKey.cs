using Torghut.Abstractions;

namespace Torghut.Host.Ingest.Repair;

/// <summary>
/// The venue's identity of a trade or quote within one symbol, so the live stream, a repair and what Kafka already
/// holds can be told apart from new data. Trades: the venue id, plus for equities the exchange and trade date (stock
/// ids are unique per symbol, exchange and day; crypto ids per symbol). Quotes have no id: their time and book values.
/// </summary>
public readonly record struct EventKey(long Id, long Qualifier)
{
    private const long NanosPerDay = 86_400_000_000_000L;
    // New York's trade date without a time-zone lookup per trade: shifting UTC back 5 h gives the New York date for
    // every instant between 04:00 and 20:00 New York time in both EST and EDT, i.e. every extended-hours trade.
    private const long NewYorkShift = 5 * 3_600_000_000_000L;

    public static EventKey OfTrade(in Trade t) => OfTrade(t.TradeId, t.Exchange, t.Timestamp, t.Price, t.Size);

    public static EventKey OfTrade(long? id, string? exchange, NanoTimestamp ts, double price, double size)
    {
        // Id 0 (crypto trades may carry it) or none identifies nothing: fall back to what the trade says.
        if (id is not { } i || i == 0) return new EventKey(ts.UnixNanoseconds, HashCode.Combine(price, size, exchange, 1));
        if (exchange is null) return new EventKey(i, 0);
        var day = Math.Floor((ts.UnixNanoseconds - NewYorkShift) / (double)NanosPerDay);
        return new EventKey(i, ((long)day << 32) | (uint)StableHash(exchange));
    }

    public static EventKey OfQuote(in Quote q) =>
        new(q.Timestamp.UnixNanoseconds, HashCode.Combine(q.BidPrice, q.BidSize, q.AskPrice, q.AskSize, q.BidExchange, q.AskExchange));

    private static int StableHash(string s)
    {
        var h = 17;
        foreach (var c in s) h = h * 31 + c;
        return h;
    }
}
