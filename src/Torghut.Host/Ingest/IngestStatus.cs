using System.Collections.Concurrent;
using Torghut.Host.Composition;

namespace Torghut.Host.Ingest;

/// <summary>Live session snapshots of the running lanes, for readiness and the status API (read-only to others).</summary>
public interface IIngestStatus
{
    IReadOnlyDictionary<string, SessionSnapshot> Sessions { get; }
}

public sealed class IngestStatus : IIngestStatus, IHostComponent
{
    private readonly ConcurrentDictionary<string, Func<SessionSnapshot>> _sessions = new();

    public IReadOnlyDictionary<string, SessionSnapshot> Sessions => _sessions.ToDictionary(kv => kv.Key, kv => kv.Value());

    public void Register(string lane, Func<SessionSnapshot> snapshot) => _sessions[lane] = snapshot;

    public void Unregister(string lane) => _sessions.TryRemove(lane, out _);
}
