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

public sealed class IngestStatus : IIngestStatus, IHostComponent
{
    private readonly ConcurrentDictionary<string, Func<SessionSnapshot>> _sessions = new();
    private readonly ConcurrentDictionary<string, Func<UniverseHealth>> _universes = new();
    private readonly ConcurrentDictionary<string, Backfill.BackfillStats> _backfills = new();

    public IReadOnlyDictionary<string, SessionSnapshot> Sessions => _sessions.ToDictionary(kv => kv.Key, kv => kv.Value());
    public IReadOnlyDictionary<string, UniverseHealth> Universes => _universes.ToDictionary(kv => kv.Key, kv => kv.Value());
    public IReadOnlyDictionary<string, Backfill.BackfillStats> Backfills => _backfills.ToDictionary(kv => kv.Key, kv => kv.Value);

    public void Register(string lane, Func<SessionSnapshot> snapshot, Func<UniverseHealth>? universe = null, Backfill.BackfillStats? backfill = null)
    {
        _sessions[lane] = snapshot;
        if (universe is not null) _universes[lane] = universe;
        if (backfill is not null) _backfills[lane] = backfill;
    }

    public void Unregister(string lane)
    {
        _sessions.TryRemove(lane, out _);
        _universes.TryRemove(lane, out _);
        // Backfill totals are counters: they outlive a lane restart.
    }
}
