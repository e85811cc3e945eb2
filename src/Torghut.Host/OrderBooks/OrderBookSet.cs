using Torghut.Abstractions;

namespace Torghut.Host.OrderBooks;

/// <summary>Where a book stands: no snapshot yet, normal, crossed (bid ≥ ask) or stale (silent too long).</summary>
public static class BookState
{
    public const string AwaitingSnapshot = "awaiting_snapshot", Live = "live", Crossed = "crossed", Stale = "stale";
    public static readonly string[] All = [AwaitingSnapshot, Live, Crossed, Stale];
}

/// <summary>The top of one book as served by <c>/api/orderbook</c>.</summary>
public sealed record BookView(string Symbol, string Lane, string State, IReadOnlyList<PriceLevel> Bids,
    IReadOnlyList<PriceLevel> Asks, NanoTimestamp? EventTs, NanoTimestamp? ReceivedAt, long Updates);

/// <summary>Process-long counts of one lane's books (torghut_orderbook_* metrics).</summary>
public sealed record BookCounts(long Snapshots, long Deltas, long DeltasBeforeSnapshot, long CrossedEpisodes,
    long StaleEpisodes, long InvalidLevels, long Invalidations, IReadOnlyDictionary<string, int> BooksByState);

/// <summary>
/// One lane's L2 books, one per symbol. Written by the lane's session (one frame at a time), read by the HTTP API
/// and the metrics scrape, hence the lock. Counts are kept here rather than per book so that a symbol leaving the
/// universe does not take its history out of the totals.
/// </summary>
public sealed class OrderBookSet(string lane, TimeSpan staleAfter, TimeProvider? time = null)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _books = new(StringComparer.Ordinal);
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _snapshots, _deltas, _beforeSnapshot, _crossed, _stale, _invalidations, _invalidLevelsOfForgotten;

    private sealed class Entry
    {
        public readonly L2Book Book = new();
        public bool WasCrossed;
        public long Updates;
    }

    public string Lane => lane;
    public TimeSpan StaleAfter => staleAfter;

    /// <summary>Applies one message received at <paramref name="receivedAt"/>; counts what it did.</summary>
    public BookApplied Apply(in OrderBookUpdate update, NanoTimestamp receivedAt)
    {
        lock (_gate)
        {
            if (!_books.TryGetValue(update.Symbol, out var entry)) _books[update.Symbol] = entry = new Entry();
            // A message after a silence longer than staleAfter ends a stale episode: counted even if no one looked.
            if (entry.Book.LastReceivedAt is { } last && IsStale(last, receivedAt)) _stale++;
            var applied = entry.Book.Apply(update, receivedAt);
            switch (applied)
            {
                case BookApplied.Snapshot: _snapshots++; break;
                case BookApplied.Delta: _deltas++; break;
                default: _beforeSnapshot++; return applied;
            }
            entry.Updates++;
            var crossed = entry.Book.Crossed;
            if (crossed && !entry.WasCrossed) _crossed++;
            entry.WasCrossed = crossed;
            return applied;
        }
    }

    /// <summary>A new connection: every book waits for its next snapshot.</summary>
    public void AwaitSnapshots()
    {
        lock (_gate)
        {
            foreach (var entry in _books.Values)
            {
                entry.Book.AwaitSnapshot();
                entry.WasCrossed = false;
            }
            if (_books.Count > 0) _invalidations++;
        }
    }

    /// <summary>Symbols that left the universe: their books go (they would only go stale).</summary>
    public void Forget(IEnumerable<string> symbols)
    {
        lock (_gate)
            foreach (var symbol in symbols)
                if (_books.Remove(symbol, out var gone)) _invalidLevelsOfForgotten += gone.Book.InvalidLevels;
    }

    public IReadOnlyList<string> Symbols
    {
        get { lock (_gate) return _books.Keys.Order(StringComparer.Ordinal).ToList(); }
    }

    /// <summary>The top <paramref name="depth"/> levels of each side; null when the lane has no such book.</summary>
    public BookView? View(string symbol, int depth)
    {
        lock (_gate)
        {
            if (!_books.TryGetValue(symbol, out var entry)) return null;
            var book = entry.Book;
            return new BookView(symbol, lane, StateOf(book, Now()), book.TopBids(depth), book.TopAsks(depth),
                book.LastEventTs, book.LastReceivedAt, entry.Updates);
        }
    }

    public BookCounts Counts()
    {
        lock (_gate)
        {
            var now = Now();
            var byState = BookState.All.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
            foreach (var entry in _books.Values) byState[StateOf(entry.Book, now)]++;
            var invalid = _invalidLevelsOfForgotten + _books.Values.Sum(e => e.Book.InvalidLevels);
            return new BookCounts(_snapshots, _deltas, _beforeSnapshot, _crossed, _stale, invalid, _invalidations,
                byState);
        }
    }

    private string StateOf(L2Book book, NanoTimestamp now)
    {
        if (!book.HasSnapshot) return BookState.AwaitingSnapshot;
        if (book.LastReceivedAt is { } last && IsStale(last, now)) return BookState.Stale;
        return book.Crossed ? BookState.Crossed : BookState.Live;
    }

    private bool IsStale(NanoTimestamp last, NanoTimestamp now) =>
        now.UnixNanoseconds - last.UnixNanoseconds > Nanos(staleAfter);

    private NanoTimestamp Now() => NanoTimestamp.FromDateTimeOffset(_time.GetUtcNow());

    private static long Nanos(TimeSpan span) => span.Ticks * 100;
}
