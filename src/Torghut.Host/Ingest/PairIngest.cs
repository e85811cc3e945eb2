using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Torghut.Abstractions;

namespace Torghut.Host.Ingest;

/// <summary>
/// The newest trade or quote of one symbol on a lane: its event time (venue clock), when the lane received it (the
/// envelope's ingestTs) and how many trades and quotes the symbol had. Bars are left out: they carry their minute's
/// start, which would read as a minute of lag.
/// </summary>
public readonly record struct PairIngest(NanoTimestamp LastEventTs, NanoTimestamp LastIngestTs, long Events)
{
    /// <summary>eventTs → ingestTs of the newest event, ms: venue plus network delay (negative if clocks disagree).</summary>
    public double EventToIngestMs => (LastIngestTs.UnixNanoseconds - LastEventTs.UnixNanoseconds) / 1e6;
}

/// <summary>
/// Per-symbol <see cref="PairIngest"/> of one session, written by the decoder (under the session's lock). Bounded: at
/// most <see cref="MaxPairs"/> symbols are tracked (a venue sending symbols nobody subscribed cannot grow it without
/// limit), unsubscribed symbols are forgotten, and snapshots show subscribed symbols only.
/// The envelope writer keeps each symbol's <see cref="PairSlot"/> on its cached trades and quotes header entries, so a
/// trade or quote updates its pair without hashing the symbol again; the table is looked up only for a symbol's first
/// event, after it was forgotten, or while the table is full.
/// </summary>
public sealed class PairIngestTable
{
    public const int MaxPairs = 10_000;

    private readonly Dictionary<string, PairSlot> _pairs = new(StringComparer.Ordinal);

    /// <summary>Events of symbols that found the table full.</summary>
    public long Untracked { get; private set; }

    public int Count => _pairs.Count;

    public void Record(string symbol, NanoTimestamp eventTs, NanoTimestamp ingestTs) => Track(symbol, eventTs, ingestTs);

    /// <summary>Records one event of <paramref name="symbol"/> and returns its slot (null if the table is full), for
    /// the caller to record the symbol's next events on directly.</summary>
    internal PairSlot? Track(string symbol, NanoTimestamp eventTs, NanoTimestamp ingestTs)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrNullRef(_pairs, symbol);
        if (Unsafe.IsNullRef(ref slot))
        {
            if (_pairs.Count >= MaxPairs) { Untracked++; return null; }
            var added = new PairSlot();
            added.Record(eventTs, ingestTs);
            _pairs[symbol] = added;
            return added;
        }
        slot.Record(eventTs, ingestTs);
        return slot;
    }

    public void Forget(IEnumerable<string> symbols)
    {
        // A forgotten slot may still hang off a cached envelope header; marking it sends that symbol's next event
        // back to the table, where it starts a new pair as it did before the symbol was ever seen.
        foreach (var symbol in symbols)
            if (_pairs.Remove(symbol, out var slot)) slot.Forgotten = true;
    }

    /// <summary>A copy holding only <paramref name="subscribed"/> symbols that had an event.</summary>
    public Dictionary<string, PairIngest> Snapshot(IEnumerable<string> subscribed)
    {
        var result = new Dictionary<string, PairIngest>(StringComparer.Ordinal);
        foreach (var symbol in subscribed)
            if (_pairs.TryGetValue(symbol, out var slot)) result[symbol] = slot.Read();
        return result;
    }
}

/// <summary>
/// One tracked symbol's newest trade or quote, shared by its trades and quotes envelope headers (so both channels
/// count into one pair). Mutable and not synchronised: written and read under the session's lock, like the table.
/// </summary>
internal sealed class PairSlot
{
    private NanoTimestamp _lastEventTs, _lastIngestTs;
    private long _events;

    /// <summary>Set when the table dropped this symbol; its next event must go through the table again.</summary>
    public bool Forgotten;

    public void Record(NanoTimestamp eventTs, NanoTimestamp ingestTs)
    {
        // A late, older event is counted but does not make the pair look staler than its newest event.
        if (_events == 0 || eventTs >= _lastEventTs) (_lastEventTs, _lastIngestTs) = (eventTs, ingestTs);
        _events++;
    }

    public PairIngest Read() => new(_lastEventTs, _lastIngestTs, _events);
}
