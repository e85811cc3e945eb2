using Torghut.Abstractions;
using Torghut.Host.Ingest;

namespace Torghut.Tests.Support;

/// <summary>Session snapshots for tests of what reads them (metrics, readiness), without a venue.</summary>
public static class Snapshots
{
    public static SessionSnapshot Session(SessionState state, long trades = 0, long reconnects = 0, string? problem = null, string? errorClass = null,
        IReadOnlyList<string>? subscribed = null, IReadOnlyDictionary<string, string>? rejected = null, DateTime? heartbeat = null) =>
        new(state, state == SessionState.Subscribed, problem, errorClass, reconnects, 0, trades,
            new Dictionary<string, IReadOnlyList<string>> { ["trades"] = subscribed ?? [] }, [],
            rejected ?? new Dictionary<string, string>(), new Dictionary<string, NanoTimestamp>(),
            new Dictionary<string, long> { ["trades"] = trades }, new Dictionary<string, long>(), new Dictionary<string, PairIngest>())
        {
            Heartbeat = heartbeat ?? DateTime.UtcNow,
        };
}
