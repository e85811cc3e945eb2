using System.Collections.Concurrent;
using Torghut.Host.Composition;

namespace Torghut.Host.Ingest;

/// <summary>Live session snapshots of the running lanes, for readiness and the status API (read-only to others).</summary>
public interface IIngestStatus
{
    IReadOnlyDictionary<string, SessionSnapshot> Sessions { get; }

    /// <summary>Universe fetch health per lane.</summary>
    IReadOnlyDictionary<string, UniverseHealth> Universes { get; }

    /// <summary>Backfill totals per lane.</summary>
    IReadOnlyDictionary<string, Backfill.BackfillStats> Backfills { get; }
}

/// <summary>A lane's universe fetch counters (upstream's torghut_ws_desired_symbols_fetch_*).</summary>
public sealed record UniverseHealth(long Successes, long Failures, bool Degraded, string? LastFailure, int Symbols);

/// <summary>
/// One lane instance's counters as of now. <see cref="Instance"/> grows with every registration, so the metrics
/// exporter can tell a restarted lane (counting from 0 again) from the one before it.
/// </summary>
public sealed record LaneCounts(string Lane, long Instance, SessionSnapshot Session, UniverseHealth? Universe, Backfill.BackfillStats? Backfill);

/// <summary>What the metrics exporter reads to build per-process counters (see Metrics.MonotonicTotals).</summary>
public interface ILaneCounts
{
    /// <summary>
    /// The final counts of instances stopped since the last call (so counts made between the last scrape and a
    /// restart are not lost), then the running instances. Meant for one reader: the metrics exporter.
    /// </summary>
    IReadOnlyList<LaneCounts> TakeCounts();
}

public sealed class IngestStatus : IIngestStatus, ILaneCounts, IHostComponent
{
    private sealed record Registration(long Instance, Func<SessionSnapshot> Session, Func<UniverseHealth>? Universe, Backfill.BackfillStats? Backfill)
    {
        public LaneCounts Read(string lane) => new(lane, Instance, Session(), Universe?.Invoke(), Backfill);
    }

    private readonly ConcurrentDictionary<string, Registration> _lanes = new();
    private readonly ConcurrentDictionary<string, Backfill.BackfillStats> _backfills = new();
    private readonly ConcurrentQueue<LaneCounts> _retired = new();
    private long _instances;

    public IReadOnlyDictionary<string, SessionSnapshot> Sessions => _lanes.ToDictionary(kv => kv.Key, kv => kv.Value.Session());

    public IReadOnlyDictionary<string, UniverseHealth> Universes =>
        _lanes.Where(kv => kv.Value.Universe is not null).ToDictionary(kv => kv.Key, kv => kv.Value.Universe!());

    public IReadOnlyDictionary<string, Backfill.BackfillStats> Backfills => _backfills.ToDictionary(kv => kv.Key, kv => kv.Value);

    public void Register(string lane, Func<SessionSnapshot> snapshot, Func<UniverseHealth>? universe = null, Backfill.BackfillStats? backfill = null)
    {
        var registration = new Registration(Interlocked.Increment(ref _instances), snapshot, universe, backfill);
        _lanes.AddOrUpdate(lane, registration, (_, replaced) =>
        {
            Retire(lane, replaced);
            return registration;
        });
        if (backfill is not null) _backfills[lane] = backfill;
    }

    public void Unregister(string lane)
    {
        if (_lanes.TryRemove(lane, out var gone)) Retire(lane, gone);
        // Backfill totals stay visible to the status API after the lane stops.
    }

    public IReadOnlyList<LaneCounts> TakeCounts()
    {
        var counts = new List<LaneCounts>();
        while (_retired.TryDequeue(out var final)) counts.Add(final);
        counts.AddRange(_lanes.Select(kv => kv.Value.Read(kv.Key)));
        return counts;
    }

    private void Retire(string lane, Registration registration) => _retired.Enqueue(registration.Read(lane));
}
