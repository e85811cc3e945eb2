using System.Buffers;
using System.Text.Json;
using Alpaca.Simulator.Serialization;
using Torghut.Abstractions;
using Torghut.AlpacaStream;

namespace Alpaca.Simulator.Streaming;

/// <summary>
/// One connection's <c>orderbooks</c> channel, as Alpaca sends it: when a symbol is subscribed, a full snapshot
/// (<c>"r":true</c>) around the symbol's fair price; then, every <see cref="SimulatorConfig.OrderBookInterval"/>,
/// a delta of one to three levels (a size change, a new level, or a removal with size 0). Books are per connection
/// (a new connection starts from a new snapshot) and never crossed. Used by the send loop only.
/// </summary>
internal sealed class SessionOrderBooks(SimulatorContext sim, long connection, Random rng)
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    private sealed class Book
    {
        public readonly SortedDictionary<double, double> Bids = new(Comparer<double>.Create((a, b) => b.CompareTo(a)));
        public readonly SortedDictionary<double, double> Asks = new();
        public long LastTime;
        public long NextDeltaAt;
        public int Decimals;
        public double Tick;
    }

    private readonly Dictionary<string, Book> _books = new(StringComparer.Ordinal);

    public bool IsEmpty => _books.Count == 0;

    /// <summary>
    /// Messages due now for the symbols subscribed to <c>orderbooks</c>: snapshots of new ones, deltas of the rest.
    /// Symbols no longer subscribed are dropped (a later subscribe starts with a snapshot again).
    /// </summary>
    public List<TruthOrderBook> Due(IReadOnlyCollection<string> subscribed, long nowNanos, long wallMs)
    {
        var due = new List<TruthOrderBook>();
        foreach (var gone in _books.Keys.Where(s => !subscribed.Contains(s)).ToList()) _books.Remove(gone);
        foreach (var symbol in subscribed)
        {
            if (!_books.TryGetValue(symbol, out var book))
            {
                _books[symbol] = book = NewBook(symbol, nowNanos);
                book.NextDeltaAt = wallMs + (long)sim.Config.OrderBookInterval.TotalMilliseconds;
                due.Add(Message(symbol, book, nowNanos, Levels(book.Bids), Levels(book.Asks), reset: true));
                continue;
            }
            if (wallMs < book.NextDeltaAt) continue;
            book.NextDeltaAt = wallMs + (long)sim.Config.OrderBookInterval.TotalMilliseconds;
            var (bids, asks) = Delta(book);
            due.Add(Message(symbol, book, nowNanos, bids, asks, reset: false));
        }
        return due;
    }

    /// <summary>Alpaca's JSON (<c>T,S,t,b,a[,r]</c>: deltas carry no <c>r</c>) or MessagePack of one message.</summary>
    public static byte[] Encode(TruthOrderBook o, bool msgpack)
    {
        Span<char> time = stackalloc char[40];
        o.Time.TryFormat(time, out var n);
        if (msgpack)
        {
            var m = new MsgPackWriter(256);
            m.WriteMapHeader(o.Reset ? 6 : 5);
            m.WriteString("T"); m.WriteString("o");
            m.WriteString("S"); m.WriteString(o.Symbol);
            m.WriteString("t"); m.WriteTimestamp(o.Time.UnixNanoseconds);
            m.WriteString("b"); WriteLevels(m, o.Bids);
            m.WriteString("a"); WriteLevels(m, o.Asks);
            if (o.Reset) { m.WriteString("r"); m.WriteBool(true); }
            return m.ToArray();
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WriteString("T", "o");
            w.WriteString("S", o.Symbol);
            w.WriteString("t", time[..n]);
            WriteLevels(w, "b", o.Bids);
            WriteLevels(w, "a", o.Asks);
            if (o.Reset) w.WriteBoolean("r", true);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteLevels(MsgPackWriter m, IReadOnlyList<PriceLevel> levels)
    {
        m.WriteArrayHeader(levels.Count);
        foreach (var l in levels)
        {
            m.WriteMapHeader(2);
            m.WriteString("p"); m.WriteDouble(l.Price);
            m.WriteString("s"); m.WriteDouble(l.Size);
        }
    }

    private static void WriteLevels(Utf8JsonWriter w, string key, IReadOnlyList<PriceLevel> levels)
    {
        w.WriteStartArray(key);
        foreach (var l in levels)
        {
            w.WriteStartObject();
            w.WriteNumber("p", l.Price);
            w.WriteNumber("s", l.Size);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private TruthOrderBook Message(string symbol, Book book, long nowNanos, IReadOnlyList<PriceLevel> bids,
        IReadOnlyList<PriceLevel> asks, bool reset)
    {
        // Strictly increasing per book, so a client can tell each message of a symbol by its time.
        book.LastTime = Math.Max(nowNanos, book.LastTime + 1);
        return new TruthOrderBook(connection, symbol, new NanoTimestamp(book.LastTime), bids, asks, reset);
    }

    private Book NewBook(string symbol, long nowNanos)
    {
        var mid = sim.Market.Prices(symbol).FairPrice(nowNanos);
        var book = new Book { Decimals = Math.Clamp(4 - (int)Math.Floor(Math.Log10(Math.Max(mid, 1e-6))), 0, 8) };
        book.Tick = Math.Pow(10, -book.Decimals);
        var spread = Math.Max(book.Tick, Math.Round(mid * 0.0002, book.Decimals));
        for (var i = 0; i < Math.Max(3, sim.Config.OrderBookLevels); i++)
        {
            book.Bids[Math.Round(mid - spread / 2 - i * spread, book.Decimals)] = Size();
            book.Asks[Math.Round(mid + spread / 2 + i * spread, book.Decimals)] = Size();
        }
        return book;
    }

    /// <summary>One to three changes on random sides; prices stay clear of the other side: never crossed.</summary>
    private (List<PriceLevel> Bids, List<PriceLevel> Asks) Delta(Book book)
    {
        var bids = new Dictionary<double, double>();
        var asks = new Dictionary<double, double>();
        for (var changes = rng.Next(1, 4); changes > 0; changes--)
        {
            var bidSide = rng.Next(2) == 0;
            var side = bidSide ? book.Bids : book.Asks;
            var changed = bidSide ? bids : asks;
            var kind = side.Count <= 2 ? 0 : rng.Next(3); // keep a few levels on each side
            if (kind == 2)
            {
                var price = side.Keys.ElementAt(rng.Next(side.Count));
                side.Remove(price);
                changed[price] = 0;
                continue;
            }
            double level;
            if (kind == 1 || side.Count == 0) level = NewPrice(book, bidSide);
            else level = side.Keys.ElementAt(rng.Next(side.Count));
            var size = Size();
            side[level] = size;
            changed[level] = size;
        }
        return (Levels(bids), Levels(asks));
    }

    private double NewPrice(Book book, bool bid)
    {
        // Inside or beyond the current best, never at or through the other side's best.
        var steps = rng.Next(-3, 6) * book.Tick;
        if (bid)
        {
            var best = book.Bids.Count > 0 ? book.Bids.First().Key : book.Asks.First().Key - book.Tick;
            var limit = book.Asks.Count > 0 ? book.Asks.First().Key - book.Tick : double.MaxValue;
            return Math.Round(Math.Min(best - steps, limit), book.Decimals);
        }
        var bestAsk = book.Asks.Count > 0 ? book.Asks.First().Key : book.Bids.First().Key + book.Tick;
        var floor = book.Bids.Count > 0 ? book.Bids.First().Key + book.Tick : double.MinValue;
        return Math.Round(Math.Max(bestAsk + steps, floor), book.Decimals);
    }

    private double Size() => Math.Round(0.0001 + rng.NextDouble() * 5, 4);

    private static List<PriceLevel> Levels(IEnumerable<KeyValuePair<double, double>> side) =>
        side.Select(kv => new PriceLevel(kv.Key, kv.Value)).ToList();
}
