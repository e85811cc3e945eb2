using System.Collections.Concurrent;
using Alpaca.Simulator.Market;
using Torghut.Abstractions;

namespace Alpaca.Simulator;

/// <summary>Per (symbol, channel) counters, shared by every event of that pair so the hot path is one increment.</summary>
public sealed class TruthCounter
{
    internal long PublishedCount;
    internal long CorruptedCount;

    public long Published => Interlocked.Read(ref PublishedCount);
    public long Corrupted => Interlocked.Read(ref CorruptedCount);
}

/// <summary>
/// What the simulator actually put on the wire, summed over all connections: messages per symbol and channel,
/// and the latest bar version per symbol-minute (a <c>b</c> then overwritten by its <c>u</c>). Messages inside
/// a frame that a fault made unparseable (truncated, wrong types) are counted as corrupted, not published; unknown
/// fields/unknown message types keep the real messages valid, so those count as published, and the injected
/// extra messages are counted in <see cref="InjectedUnknownMessages"/>.
/// </summary>
public sealed class GroundTruth
{
    private readonly ConcurrentDictionary<(string Symbol, string Channel), TruthCounter> _counters = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, SimBar>> _bars = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TruthOrderBook>> _books = new(StringComparer.Ordinal);
    private const int MaxBooksPerSymbol = 20_000; // an embedded simulator runs for days: keep the recent past only
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, TruthCancel>> _cancels =
        new(StringComparer.Ordinal);
    private long _injectedUnknown;
    private long _corruptedFrames;
    private long _connections;

    public TruthCounter CounterFor(string symbol, string channel) => _counters.GetOrAdd((symbol, channel), _ => new TruthCounter());

    /// <summary>Messages of this symbol and channel delivered in valid frames.</summary>
    public long Published(string symbol, string channel) =>
        _counters.TryGetValue((symbol, channel), out var c) ? c.Published : 0;

    /// <summary>Messages of this symbol and channel inside frames that were deliberately corrupted.</summary>
    public long Corrupted(string symbol, string channel) =>
        _counters.TryGetValue((symbol, channel), out var c) ? c.Corrupted : 0;

    public long InjectedUnknownMessages => Interlocked.Read(ref _injectedUnknown);

    public long CorruptedFrames => Interlocked.Read(ref _corruptedFrames);

    /// <summary>Websocket connections accepted so far.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>The latest published version of each minute bar of <paramref name="symbol"/>, by bar start.</summary>
    public IReadOnlyDictionary<NanoTimestamp, SimBar> Bars(string symbol) =>
        _bars.TryGetValue(symbol, out var map)
            ? map.ToDictionary(kv => new NanoTimestamp(kv.Key), kv => kv.Value)
            : new Dictionary<NanoTimestamp, SimBar>();

    /// <summary>All (symbol, channel) pairs with anything published or corrupted.</summary>
    public IReadOnlyList<(string Symbol, string Channel, long Published, long Corrupted)> Counts() =>
        _counters.Select(kv => (kv.Key.Symbol, kv.Key.Channel, kv.Value.Published, kv.Value.Corrupted))
            .Where(x => x.Published > 0 || x.Corrupted > 0)
            .OrderBy(x => x.Symbol, StringComparer.Ordinal).ThenBy(x => x.Channel, StringComparer.Ordinal)
            .ToList();

    /// <summary>Order-book messages of <paramref name="symbol"/> sent so far (latest 20 000), in order.</summary>
    public IReadOnlyList<TruthOrderBook> OrderBooks(string symbol) =>
        _books.TryGetValue(symbol, out var queue) ? queue.ToArray() : [];

    internal void RecordOrderBook(TruthOrderBook book)
    {
        var queue = _books.GetOrAdd(book.Symbol, _ => new ConcurrentQueue<TruthOrderBook>());
        queue.Enqueue(book);
        while (queue.Count > MaxBooksPerSymbol) queue.TryDequeue(out _);
    }

    internal void RecordBar(SimBar bar) =>
        _bars.GetOrAdd(bar.Symbol, _ => new ConcurrentDictionary<long, SimBar>())[bar.Time.UnixNanoseconds] = bar;

    /// <summary>The trade cancels delivered for <paramref name="symbol"/> (once each, however many clients got it).
    /// </summary>
    public IReadOnlyList<TruthCancel> Cancels(string symbol) =>
        _cancels.TryGetValue(symbol, out var map) ? map.Values.OrderBy(c => c.Issued).ToList() : [];

    internal void RecordCancel(SimEvent e) =>
        _cancels.GetOrAdd(e.Symbol, _ => new ConcurrentDictionary<long, TruthCancel>())[e.TradeId] = new TruthCancel(
            e.Symbol, e.TradeId, new NanoTimestamp(e.CancelledTradeNanos), e.Price, e.Size, e.Exchange.ToString(),
            new NanoTimestamp(e.TimeNanos));

    internal void AddInjectedUnknown(long n) => Interlocked.Add(ref _injectedUnknown, n);

    internal void AddCorruptedFrame() => Interlocked.Increment(ref _corruptedFrames);

    internal void AddConnection() => Interlocked.Increment(ref _connections);
}
