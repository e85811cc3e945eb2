using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Ingest;
using Torghut.Host.Transport;

namespace Torghut.Host.Health;

/// <summary>/healthz: alive unless a loop that should be ticking has stopped; <c>Stalled</c> says which and for how long.</summary>
public sealed record LivenessReport(bool Alive, IReadOnlyList<string> Stalled);

public interface ILiveness
{
    LivenessReport Evaluate();
}

/// <summary>
/// "Can no longer make progress", concretely: a lane's session loop is more than HEALTH_STALL_AFTER_MS past its
/// heartbeat (its watchdog ticks every 100 ms while connected; connecting and backoff waits promise their end), or
/// reading the lanes' status blocks (a loop holds its lock forever). A restart fixes those. Not ready, refused
/// symbols, configuration errors and failed lanes never fail liveness: a restart would not fix them. A loop stopped
/// behind a transport that is down is not counted either: the producer reconnects by itself and a restart would
/// not bring Kafka back.
/// </summary>
public sealed class Liveness : ILiveness, IHostComponent
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);
    private readonly IIngestStatus _sessions;
    private readonly IEnumerable<IRecordPublisher> _publishers;
    private readonly ILogger<Liveness> _logger;
    private readonly TimeProvider _time;
    private string _lastStalled = "";

    public Liveness(IIngestStatus sessions, IEnumerable<IRecordPublisher> publishers, HealthSettings settings,
        ILogger<Liveness> logger) : this(sessions, publishers, settings, logger, TimeProvider.System) { }

    internal Liveness(IIngestStatus sessions, IEnumerable<IRecordPublisher> publishers, HealthSettings settings, ILogger<Liveness> logger, TimeProvider time)
    {
        (_sessions, _publishers, Settings, _logger, _time) = (sessions, publishers, settings, logger, time);
        if (settings.DeprecatedName)
            logger.LogWarning("{Old} is deprecated: it now sets {New}, how long a stuck loop may go without progress (not ready no longer restarts)",
                HealthKeys.NotReadyKillAfterMs, HealthKeys.StallAfterMs);
    }

    public HealthSettings Settings { get; }

    public LivenessReport Evaluate()
    {
        var read = Task.Run(() => _sessions.Sessions);
        var stalled = new List<string>();
        if (!read.Wait(ReadTimeout)) stalled.Add($"ingest status unreadable for {ReadTimeout.TotalSeconds:0} s: a lane's loop holds its lock");
        else if (_publishers.FirstOrDefault()?.Health is not { Ready: false })
        {
            var now = _time.GetUtcNow().UtcDateTime;
            // A stopped session beats no more while its lane drains and flushes; that is an ending, not a stall.
            foreach (var (lane, s) in read.Result.Where(kv => kv.Value.State != SessionState.Stopped))
                if (s.Heartbeat is { } beat && now - beat > Settings.StallAfter)
                    stalled.Add($"lane {lane}: session loop made no progress for {(now - beat).TotalSeconds:0} s (limit {Settings.StallAfter.TotalSeconds:0.#} s)");
        }
        var summary = string.Join("; ", stalled);
        if (Interlocked.Exchange(ref _lastStalled, summary) != summary)
        {
            if (stalled.Count > 0) _logger.LogError("liveness: {Stalled}; /healthz answers 503 so the pod is restarted", summary);
            else _logger.LogInformation("liveness: every loop is making progress again");
        }
        return new LivenessReport(stalled.Count == 0, stalled);
    }
}
