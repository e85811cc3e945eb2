using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>The validity rules every normalized record must meet, whatever the venue.</summary>
internal static class RecordValidator
{
    // Far enough either side of any real market event to catch seconds-vs-nanoseconds and zero timestamps.
    private static readonly NanoTimestamp Earliest = NanoTimestamp.Parse("1990-01-01T00:00:00Z");
    private static readonly NanoTimestamp Latest = NanoTimestamp.Parse("2100-01-01T00:00:00Z");

    public static IEnumerable<string> Problems(object record, ISymbolCodec? codec) => record switch
    {
        Trade t => Common(t.Symbol, t.Timestamp, codec)
            .Concat(Price("price", t.Price)).Concat(Size("size", t.Size)),
        Quote q => Common(q.Symbol, q.Timestamp, codec)
            .Concat(Price("bid price", q.BidPrice)).Concat(Price("ask price", q.AskPrice))
            .Concat(Size("bid size", q.BidSize)).Concat(Size("ask size", q.AskSize)),
        Bar b => Common(b.Symbol, b.Timestamp, codec)
            .Concat(Price("open", b.Open)).Concat(Price("high", b.High)).Concat(Price("low", b.Low))
            .Concat(Price("close", b.Close)).Concat(Size("volume", b.Volume))
            .Concat(b.Vwap is { } vw ? Price("vwap", vw) : [])
            .Concat(b.TradeCount < 0 ? [$"trade count {b.TradeCount} is negative"] : [])
            .Concat(b.High < b.Low ? [$"high {b.High} is below low {b.Low}"] : []),
        TradingStatus s => Common(s.Symbol, s.Timestamp, codec),
        OrderBookUpdate o => Common(o.Symbol, o.Timestamp, codec)
            .Concat(Levels("bid", o.Bids)).Concat(Levels("ask", o.Asks)),
        _ => [],
    };

    public static (string Symbol, NanoTimestamp Timestamp)? Key(object record) => record switch
    {
        Trade t => (t.Symbol, t.Timestamp),
        Quote q => (q.Symbol, q.Timestamp),
        Bar b => (b.Symbol, b.Timestamp),
        TradingStatus s => (s.Symbol, s.Timestamp),
        OrderBookUpdate o => (o.Symbol, o.Timestamp),
        _ => null,
    };

    private static IEnumerable<string> Common(string symbol, NanoTimestamp timestamp, ISymbolCodec? codec)
    {
        if (string.IsNullOrWhiteSpace(symbol)) { yield return "symbol is empty"; yield break; }
        if (codec is not null && codec.Canonicalize(symbol).Symbol != symbol)
            yield return $"symbol '{symbol}' is not in canonical form";
        if (timestamp < Earliest || timestamp >= Latest)
            yield return $"timestamp {timestamp.UnixNanoseconds} ns is outside 1990..2100 (wrong unit or unset?)";
    }

    private static IEnumerable<string> Price(string name, double value) =>
        double.IsFinite(value) ? [] : [$"{name} {value} is not finite"];

    private static IEnumerable<string> Size(string name, double value) =>
        double.IsFinite(value) && value >= 0 ? [] : [$"{name} {value} is not a finite non-negative number"];

    private static IEnumerable<string> Levels(string side, IReadOnlyList<PriceLevel>? levels) =>
        levels is null
            ? [$"{side} levels are null (use an empty list)"]
            : levels.SelectMany(l => Price(side + " level price", l.Price).Concat(Size(side + " level size", l.Size)));
}
