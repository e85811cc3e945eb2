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
/// </summary>
public sealed class PairIngestTable
{
    public const int MaxPairs = 10_000;

    private readonly Dictionary<string, PairIngest> _pairs = new(StringComparer.Ordinal);

    /// <summary>Events of symbols that found the table full.</summary>
    public long Untracked { get; private set; }

    public int Count => _pairs.Count;

    public void Record(string symbol, NanoTimestamp eventTs, NanoTimestamp ingestTs)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_pairs, symbol);
        if (Unsafe.IsNullRef(ref entry))
        {
            if (_pairs.Count >= MaxPairs) { Untracked++; return; }
            _pairs[symbol] = new PairIngest(eventTs, ingestTs, 1);
            return;
        }
        // A late, older event is counted but does not make the pair look staler than its newest event.
        entry = eventTs >= entry.LastEventTs ? new PairIngest(eventTs, ingestTs, entry.Events + 1) : entry with { Events = entry.Events + 1 };
    }

    public void Forget(IEnumerable<string> symbols)
    {
        foreach (var symbol in symbols) _pairs.Remove(symbol);
    }

    /// <summary>A copy holding only <paramref name="subscribed"/> symbols that had an event.</summary>
    public Dictionary<string, PairIngest> Snapshot(IEnumerable<string> subscribed)
    {
        var result = new Dictionary<string, PairIngest>(StringComparer.Ordinal);
        foreach (var symbol in subscribed)
            if (_pairs.TryGetValue(symbol, out var pair)) result[symbol] = pair;
        return result;
    }
}
