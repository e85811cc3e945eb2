using Torghut.Abstractions;

namespace Torghut.Host.Ingest;

/// <summary>Where a lane's venue session is. <c>Subscribed</c> is the only ready state.</summary>
public enum SessionState { Stopped, Connecting, Connected, Authenticated, Subscribed, Degraded, Backoff }

/// <summary>A point-in-time view of a session, for readiness, the status API and the heartbeat record.</summary>
public sealed record SessionSnapshot(
    SessionState State,
    bool Ready,
    string? Problem,
    string? ErrorClass,
    long Reconnects,
    long DecodeErrors,
    long Messages,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Subscribed,
    IReadOnlyList<string> Missing,
    IReadOnlyDictionary<string, string> Rejected,
    IReadOnlyDictionary<string, NanoTimestamp> LastEvent,
    IReadOnlyDictionary<string, long> MessagesPerChannel,
    IReadOnlyDictionary<string, long> DecodeErrorsByReason,
    IReadOnlyDictionary<string, PairIngest> Pairs)
{
    /// <summary>
    /// When the session loop last showed it is alive (a watchdog tick, a connect attempt), or the end of the backoff
    /// wait it is in. Liveness (Health.Liveness) restarts the process only when this falls far behind; null: not tracked.
    /// </summary>
    public DateTime? Heartbeat { get; init; }

    /// <summary>Every venue element since start, type → outcome → count: torghut_ws_messages_total (see MessageTally).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> MessagesByType { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, long>>();
}
