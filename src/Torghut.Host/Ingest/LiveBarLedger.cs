using System.Collections.Concurrent;
using Torghut.Abstractions;

namespace Torghut.Host.Ingest;

/// <summary>
/// The (symbol, minute) bars the live stream delivered. Backfill skips them: the stream's bar and its later
/// updatedBar are the venue's authoritative versions, and a REST copy fetched before an update but published after
/// it would otherwise win downstream's latest-version dedup with stale values. Bounded to the recent past.
/// </summary>
public sealed class LiveBarLedger(TimeSpan retention)
{
    private readonly ConcurrentDictionary<(string Symbol, long Minute), byte> _seen = new();
    private long _lastPrune;

    public LiveBarLedger() : this(TimeSpan.FromHours(48)) { }

    public void Add(string symbol, NanoTimestamp barStart)
    {
        // An updatedBar repeats its bar's minute: looking it up is lock-free, while TryAdd of a present key locks.
        var bar = (symbol, barStart.UnixNanoseconds);
        if (!_seen.ContainsKey(bar)) _seen.TryAdd(bar, 0);
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastPrune) < 60_000) return;
        Interlocked.Exchange(ref _lastPrune, now);
        var cutoff = barStart.UnixNanoseconds - (long)retention.TotalMilliseconds * 1_000_000;
        foreach (var key in _seen.Keys) if (key.Minute < cutoff) _seen.TryRemove(key, out _);
    }

    public bool Contains(string symbol, NanoTimestamp barStart) => _seen.ContainsKey((symbol, barStart.UnixNanoseconds));
}
