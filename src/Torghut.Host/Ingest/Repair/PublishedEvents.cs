using Torghut.Abstractions;

namespace Torghut.Host.Ingest.Repair;

/// <summary>
/// What a lane has published of one channel (trades or quotes), per symbol: the identities of recent events and the
/// newest event time. The live stream and repairs both go through <see cref="TryAdd"/>, so an event reaches the
/// transport once whichever path sees it first. Bounded: identities older than <c>retention</c> behind a symbol's
/// newest event are dropped, except those a pending repair still needs (<see cref="PinFrom"/>), and never more than
/// <c>maxPerSymbol</c> per symbol. Thread-safe (the session and the repair task share it).
/// </summary>
public sealed class PublishedEvents(TimeSpan retention, int maxPerSymbol = 250_000)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, SymbolEvents> _symbols = new(StringComparer.Ordinal);
    private readonly long _retention = retention.Ticks * 100;
    private long _pinFloor = long.MaxValue;
    private long _evicted;

    /// <summary>Identities dropped by the per-symbol cap while still within a pending repair's window.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>True when the event is new (and is now recorded); false when it was already published.</summary>
    public bool TryAdd(string symbol, NanoTimestamp ts, EventKey key)
    {
        lock (_gate)
        {
            var s = Symbol(symbol);
            if (!s.Keys.Add(key)) return false;
            s.Order.Enqueue((ts.UnixNanoseconds, key));
            if (!s.HasNewest || ts.UnixNanoseconds > s.Newest) (s.Newest, s.HasNewest) = (ts.UnixNanoseconds, true);
            Prune(s);
            return true;
        }
    }

    /// <summary>Forgets one event (its delivery failed: a repair must be free to publish it again).</summary>
    public void Remove(string symbol, EventKey key)
    {
        lock (_gate) if (_symbols.TryGetValue(symbol, out var s)) s.Keys.Remove(key);
    }

    public bool Contains(string symbol, EventKey key)
    {
        lock (_gate) return _symbols.TryGetValue(symbol, out var s) && s.Keys.Contains(key);
    }

    /// <summary>The newest event time published for the symbol, or null.</summary>
    public NanoTimestamp? Newest(string symbol)
    {
        lock (_gate) return _symbols.TryGetValue(symbol, out var s) && s.HasNewest ? new NanoTimestamp(s.Newest) : null;
    }

    /// <summary>Identities at or after <paramref name="floor"/> are kept until the next call (pending repairs' windows); null unpins.</summary>
    public void PinFrom(NanoTimestamp? floor)
    {
        lock (_gate) _pinFloor = floor?.UnixNanoseconds ?? long.MaxValue;
    }

    private SymbolEvents Symbol(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var s)) _symbols[symbol] = s = new SymbolEvents();
        return s;
    }

    private void Prune(SymbolEvents s)
    {
        var cutoff = Math.Min(s.Newest - _retention, _pinFloor);
        while (s.Order.Count > 0 && (s.Order.Peek().T < cutoff || s.Order.Count > maxPerSymbol))
        {
            var (t, key) = s.Order.Dequeue();
            if (t >= cutoff) _evicted++;
            s.Keys.Remove(key);
        }
    }

    private sealed class SymbolEvents
    {
        public readonly HashSet<EventKey> Keys = [];
        public readonly Queue<(long T, EventKey Key)> Order = new();
        public long Newest;
        public bool HasNewest;
    }
}
