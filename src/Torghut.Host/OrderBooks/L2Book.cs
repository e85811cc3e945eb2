using Torghut.Abstractions;

namespace Torghut.Host.OrderBooks;

/// <summary>What applying one order-book message did.</summary>
public enum BookApplied { Snapshot, Delta, DeltaBeforeSnapshot }

/// <summary>
/// One symbol's L2 book as Alpaca's <c>orderbooks</c> channel describes it: <c>r:true</c> replaces the book, a level
/// with size 0 is removed, any other level is added or replaced. Until a snapshot arrives (at start and after every
/// reconnect) deltas are not applied: a delta only makes sense on top of the book it was computed from.
/// Not thread-safe; <see cref="OrderBookSet"/> guards it.
/// </summary>
public sealed class L2Book
{
    private static readonly IComparer<double> Descending = Comparer<double>.Create((a, b) => b.CompareTo(a));
    private readonly SortedDictionary<double, double> _bids = new(Descending);
    private readonly SortedDictionary<double, double> _asks = new();

    public bool HasSnapshot { get; private set; }

    /// <summary>Venue time of the last message applied.</summary>
    public NanoTimestamp? LastEventTs { get; private set; }

    /// <summary>When the last message (applied or not) was received.</summary>
    public NanoTimestamp? LastReceivedAt { get; private set; }

    /// <summary>Levels skipped because their price or size was not a finite, non-negative number.</summary>
    public long InvalidLevels { get; private set; }

    public int BidLevels => _bids.Count;
    public int AskLevels => _asks.Count;

    /// <summary>Best bid at or above best ask: a book no venue should show (a lost delta, or a bad feed).</summary>
    public bool Crossed => _bids.Count > 0 && _asks.Count > 0 && _bids.First().Key >= _asks.First().Key;

    public BookApplied Apply(in OrderBookUpdate update, NanoTimestamp receivedAt)
    {
        LastReceivedAt = receivedAt;
        if (update.Reset)
        {
            _bids.Clear();
            _asks.Clear();
            HasSnapshot = true;
        }
        else if (!HasSnapshot) return BookApplied.DeltaBeforeSnapshot;
        Merge(_bids, update.Bids);
        Merge(_asks, update.Asks);
        LastEventTs = update.Timestamp;
        return update.Reset ? BookApplied.Snapshot : BookApplied.Delta;
    }

    /// <summary>Drops the book until the next snapshot (a new connection: old deltas no longer apply).</summary>
    public void AwaitSnapshot()
    {
        _bids.Clear();
        _asks.Clear();
        HasSnapshot = false;
    }

    public IReadOnlyList<PriceLevel> TopBids(int depth) => Top(_bids, depth);
    public IReadOnlyList<PriceLevel> TopAsks(int depth) => Top(_asks, depth);

    private static List<PriceLevel> Top(SortedDictionary<double, double> side, int depth) =>
        side.Take(depth).Select(kv => new PriceLevel(kv.Key, kv.Value)).ToList();

    private void Merge(SortedDictionary<double, double> side, IReadOnlyList<PriceLevel> levels)
    {
        for (var i = 0; i < levels.Count; i++)
        {
            var (price, size) = (levels[i].Price, levels[i].Size);
            if (!double.IsFinite(price) || !double.IsFinite(size) || size < 0) { InvalidLevels++; continue; }
            if (size == 0) side.Remove(price);
            else side[price] = size;
        }
    }
}
