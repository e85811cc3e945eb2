using Microsoft.Extensions.Configuration;
using Torghut.Host.Composition;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest;

/// <summary>Readiness as upstream's /readyz shaped it, with the gates it should have checked.</summary>
public sealed record ReadinessReport(
    string Status,
    bool Ready,
    string? ErrorClass,
    IReadOnlyDictionary<string, bool> Gates,
    IReadOnlyDictionary<string, LaneReadiness> Lanes);

public sealed record LaneReadiness(bool Ready, string State, string? Problem, IReadOnlyList<string> Missing, IReadOnlyDictionary<string, string> Rejected);

public interface IReadiness
{
    ReadinessReport Evaluate();

    /// <summary>False once readiness has been false continuously for HEALTH_NOT_READY_KILL_AFTER_MS (liveness escalation).</summary>
    bool Alive { get; }
}

/// <summary>
/// Ready = every enabled lane's session is authenticated with every desired symbol on every channel (upstream was
/// ready on any ack) AND the transport is healthy (fewer than 3 consecutive delivery failures) AND, where a TA worker
/// runs, its store writes get through. The first failing gate, in upstream's order alpaca_ws → kafka, then ta_store,
/// names the error class. A store outage does not count towards the liveness escalation: a restart cannot bring the
/// store back, and the worker resumes by itself when it is (docs/adr/0001-ta-store-outage-policy.md).
/// </summary>
public sealed class Readiness(ILaneSupervisor lanes, IIngestStatus sessions, IEnumerable<IRecordPublisher> publishers, IConfiguration configuration,
    Analysis.TaStatusBoard ta)
    : IReadiness, IHostComponent
{
    private readonly object _gate = new();
    private DateTime? _notReadySince = DateTime.UtcNow;

    public ReadinessReport Evaluate()
    {
        var snapshots = sessions.Sessions;
        var laneReports = new Dictionary<string, LaneReadiness>();
        string? wsError = null;
        foreach (var lane in lanes.States.Where(s => s.Running || s.Problem is not null))
        {
            if (snapshots.TryGetValue(lane.Name, out var s))
            {
                laneReports[lane.Name] = new LaneReadiness(s.Ready, s.State.ToString().ToLowerInvariant(), s.Problem, s.Missing, s.Rejected);
                if (!s.Ready) wsError ??= s.ErrorClass ?? "alpaca_not_subscribed";
            }
            else
            {
                laneReports[lane.Name] = new LaneReadiness(false, lane.Running ? "starting" : "failed", lane.Problem, [], new Dictionary<string, string>());
                wsError ??= lane.Running ? "alpaca_not_subscribed" : "lane_failed";
            }
        }
        var publisher = publishers.FirstOrDefault();
        var kafka = publisher?.Health ?? new TransportHealth(true, null, 0, 0, 0, 0);
        var wsOk = wsError is null;
        var storeOk = ta.StoreWrites?.Up ?? true;
        var ready = wsOk && kafka.Ready && storeOk;
        var errorClass = !wsOk ? wsError : !kafka.Ready ? kafka.ErrorClass ?? "kafka_produce" : !storeOk ? "ta_store_unavailable" : null;
        lock (_gate)
        {
            if (wsOk && kafka.Ready) _notReadySince = null;
            else _notReadySince ??= DateTime.UtcNow;
        }
        return new ReadinessReport(ready ? "ready" : "not_ready", ready, errorClass,
            new Dictionary<string, bool> { ["alpaca_ws"] = wsOk, ["kafka"] = kafka.Ready, ["trade_updates"] = true, ["ta_store"] = storeOk }, laneReports);
    }

    public bool Alive
    {
        get
        {
            Evaluate();
            var limit = TimeSpan.FromMilliseconds(int.TryParse(configuration["HEALTH_NOT_READY_KILL_AFTER_MS"], out var ms) && ms > 0 ? ms : 120_000);
            lock (_gate) return _notReadySince is null || DateTime.UtcNow - _notReadySince.Value < limit;
        }
    }
}
