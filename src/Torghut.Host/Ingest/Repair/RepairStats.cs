using System.Collections.Concurrent;
using Torghut.Host.Ingest.Backfill;

namespace Torghut.Host.Ingest.Repair;

/// <summary>
/// A lane's repair counters since the process started: they outlive lane restarts (flag flips, plugin reloads), so
/// exported counters only ever go up. Per symbol: holes opened, repaired and failed, items repaired per channel, the
/// last repair's lag (hole closed → repaired) and the holes still open.
/// </summary>
public sealed class RepairStats
{
    private readonly ConcurrentDictionary<string, SymbolRepairStats> _symbols = new(StringComparer.Ordinal);
    private long _liveDuplicates, _tailFailures, _unrepairable;

    /// <summary>Page-level counts of every bars, trades and quotes request (pages, retries, 429s, malformed, rejected items).</summary>
    public BackfillStats Pages { get; } = new();

    /// <summary>Live events dropped because a repair had already published them.</summary>
    public long LiveDuplicates => Interlocked.Read(ref _liveDuplicates);
    /// <summary>Lane starts that could not read their record's tail (trades of the downtime could not be repaired).</summary>
    public long TailFailures => Interlocked.Read(ref _tailFailures);
    /// <summary>Records lost by the transport that no history can bring back (statuses, heartbeats).</summary>
    public long Unrepairable => Interlocked.Read(ref _unrepairable);

    public IReadOnlyDictionary<string, SymbolRepairStats> Symbols => _symbols;

    public SymbolRepairStats Symbol(string symbol) => _symbols.GetOrAdd(symbol, _ => new SymbolRepairStats());

    internal void LiveDuplicate() => Interlocked.Increment(ref _liveDuplicates);
    internal void TailFailed() => Interlocked.Increment(ref _tailFailures);
    internal void Lost() => Interlocked.Increment(ref _unrepairable);
}

public sealed class SymbolRepairStats
{
    private long _opened, _repaired, _failed, _open;
    private readonly ConcurrentDictionary<string, long> _items = new(StringComparer.Ordinal);

    public long HolesOpened => Interlocked.Read(ref _opened);
    public long HolesRepaired => Interlocked.Read(ref _repaired);
    public long RepairsFailed => Interlocked.Read(ref _failed);
    public long HolesOpen => Interlocked.Read(ref _open);
    /// <summary>Items published by repairs, per channel (trades, quotes, bars).</summary>
    public IReadOnlyDictionary<string, long> Items => new Dictionary<string, long>(_items);
    /// <summary>Seconds from a hole closing (or being found) to its repair completing, for the last repair.</summary>
    public double? LastLagSeconds { get; private set; }

    internal void Opened() => Interlocked.Increment(ref _opened);
    /// <summary>The last repair attempt failed (the hole is open and retried); cleared by the next success.</summary>
    public string? LastFailure { get; private set; }

    internal void Repaired(double lagSeconds) { Interlocked.Increment(ref _repaired); LastLagSeconds = lagSeconds; LastFailure = null; }
    internal void Failed(string reason) { Interlocked.Increment(ref _failed); LastFailure = reason; }
    internal void SetOpen(long open) => Interlocked.Exchange(ref _open, open);
    internal void Add(string channel, long n) { if (n > 0) _items.AddOrUpdate(channel, n, (_, v) => v + n); }
}

/// <summary>Every lane's <see cref="RepairStats"/>, kept for the process's life (status API, metrics).</summary>
public sealed class RepairStatusBoard : Composition.IHostComponent
{
    private readonly ConcurrentDictionary<string, RepairStats> _lanes = new(StringComparer.Ordinal);

    public RepairStats For(string lane) => _lanes.GetOrAdd(lane, _ => new RepairStats());

    public IReadOnlyDictionary<string, RepairStats> Lanes => _lanes;
}
