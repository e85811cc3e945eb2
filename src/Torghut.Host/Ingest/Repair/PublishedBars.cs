using System.Collections.Concurrent;
using Torghut.Abstractions;

namespace Torghut.Host.Ingest.Repair;

/// <summary>
/// The latest version of each (symbol, minute) bar the lane's record holds — from the live stream, a repair, or read
/// back from the bars topic at start — by its values and whether it is an update. A REST bar is published only where
/// it changes the record: the minute is missing, or the record holds a preliminary bar whose values differ (the
/// stream's update was missed). A minute whose live update is held is never overwritten: a REST copy fetched before
/// the update but published after it would otherwise win downstream's latest-version dedup with stale values.
/// Bounded to the recent past.
/// </summary>
public sealed class PublishedBars(TimeSpan retention)
{
    private readonly ConcurrentDictionary<(string Symbol, long Minute), BarVersion> _bars = new();
    private readonly ConcurrentDictionary<string, long> _newest = new(StringComparer.Ordinal);
    private long _lastPrune;

    public PublishedBars() : this(TimeSpan.FromHours(48)) { }

    public void Add(in Bar bar) => Add(bar.Symbol, bar.Timestamp, BarVersion.Of(bar));

    public void Add(string symbol, NanoTimestamp barStart, BarVersion version)
    {
        var key = (symbol, barStart.UnixNanoseconds);
        // Looking a present key up is lock-free, while writing it takes a lock: most live bars are new minutes.
        if (!_bars.TryGetValue(key, out var held) || held != version)
            _bars.AddOrUpdate(key, version, (_, old) => old.Update && !version.Update ? old : version);
        if (!_newest.TryGetValue(symbol, out var newest) || key.UnixNanoseconds > newest)
            _newest.AddOrUpdate(symbol, key.UnixNanoseconds, (_, old) => Math.Max(old, key.UnixNanoseconds));
        PruneNow(barStart);
    }

    /// <summary>Forgets a minute (its delivery failed).</summary>
    public void Forget(string symbol, NanoTimestamp barStart) => _bars.TryRemove((symbol, barStart.UnixNanoseconds), out _);

    /// <summary>True when publishing this REST bar would change the record (see the class summary).</summary>
    public bool Changes(in Bar restBar) =>
        !_bars.TryGetValue((restBar.Symbol, restBar.Timestamp.UnixNanoseconds), out var held)
        || (!held.Update && held.Values != BarVersion.Of(restBar).Values);

    /// <summary>The newest minute held for the symbol, or null.</summary>
    public NanoTimestamp? Newest(string symbol) => _newest.TryGetValue(symbol, out var n) ? new NanoTimestamp(n) : null;

    private void PruneNow(NanoTimestamp barStart)
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastPrune) < 60_000) return;
        Interlocked.Exchange(ref _lastPrune, now);
        var cutoff = barStart.UnixNanoseconds - retention.Ticks * 100;
        foreach (var key in _bars.Keys) if (key.Minute < cutoff) _bars.TryRemove(key, out _);
    }
}

/// <summary>One version of a bar: a hash of its values and whether it came as an update.</summary>
public readonly record struct BarVersion(long Values, bool Update)
{
    public static BarVersion Of(in Bar b) => new(Hash(b.Open, b.High, b.Low, b.Close, b.Volume), b.Kind == BarKind.Updated);

    // OHLCV only: vw and n are optional on some streams, and a late trade always moves the volume.
    public static long Hash(double o, double h, double l, double c, double v) => ((long)HashCode.Combine(o, h, l) << 32) | (uint)HashCode.Combine(c, v);
}
