using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Health;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;
using Torghut.Host.Ingest;

namespace Torghut.Host.Health;

/// <summary>
/// /readyz. <c>ready</c> false (503) only when the process serves none of its work; <c>degraded</c> true (200) when it
/// serves part of it, every problem listed in <c>problems</c>. <c>error_class</c> and <c>gates</c> keep upstream's shape.
/// </summary>
public sealed record ReadinessReport(
    string Status,
    bool Ready,
    bool Degraded,
    string? ErrorClass,
    IReadOnlyDictionary<string, bool> Gates,
    IReadOnlyList<HealthProblem> Problems,
    IReadOnlyDictionary<string, LaneReadiness> Lanes);

public sealed record LaneReadiness(bool Ready, string State, string Serving, string? Problem, IReadOnlyList<string> Missing, IReadOnlyDictionary<string, string> Rejected);

public interface IReadiness
{
    ReadinessReport Evaluate();
}

/// <summary>
/// Parts of the work: each running (or broken) ingest lane, plus whatever <see cref="IHealthContributor"/>s report.
/// The transport carries all of it, so Kafka down (3 consecutive delivery failures) is not ready. Otherwise the
/// process is not ready only when every part serves nothing; one refused symbol, one lane waiting for an operator or
/// one failed lane is "ready, degraded" — a restart would not fix those and would cost every other symbol a gap.
/// Gates: alpaca_ws (some lane streams, or none is enabled), kafka, trade_updates, and one per contributor gate.
/// </summary>
public sealed class Readiness(ILaneSupervisor lanes, IIngestStatus sessions, IEnumerable<IRecordPublisher> publishers,
    IEnumerable<IHealthContributor> contributors, ILogger<Readiness> logger) : IReadiness, IHostComponent
{
    private string? _lastVerdict;

    public ReadinessReport Evaluate()
    {
        var snapshots = sessions.Sessions;
        var universes = sessions.Universes;
        var laneReports = new Dictionary<string, LaneReadiness>();
        var parts = new List<PartHealth>();
        foreach (var lane in lanes.States.Where(s => s.Running || s.Problem is not null))
        {
            var session = snapshots.GetValueOrDefault(lane.Name);
            var part = LaneHealth.Of(lane, session, universes.GetValueOrDefault(lane.Name));
            parts.Add(part);
            laneReports[lane.Name] = new LaneReadiness(part.Serving == Serving.Full, session?.State.ToString().ToLowerInvariant() ?? (lane.Running ? "starting" : "failed"),
                part.Serving.ToString().ToLowerInvariant(), session?.Problem ?? lane.Problem, session?.Missing ?? [], session?.Rejected ?? new Dictionary<string, string>());
        }
        parts.AddRange(contributors.SelectMany(c => c.Parts()));

        var kafka = publishers.FirstOrDefault()?.Health ?? new TransportHealth(true, null, 0, 0, 0, 0);
        var gates = new Dictionary<string, bool> { [LaneHealth.Gate] = true, ["kafka"] = kafka.Ready, ["trade_updates"] = true };
        foreach (var group in parts.GroupBy(p => p.Gate)) gates[group.Key] = group.Any(p => p.Serving != Serving.None);

        var problems = parts.SelectMany(p => p.Problems).ToList();
        if (!kafka.Ready) problems.Insert(0, new HealthProblem("transport", kafka.ErrorClass ?? "kafka_produce", "Kafka is not accepting records", []));
        var servesNothing = !kafka.Ready || (parts.Count > 0 && parts.All(p => p.Serving == Serving.None));
        var ready = !servesNothing;
        // The first failing gate in upstream's order (alpaca_ws → kafka) names the error class.
        var errorClass = ready ? null
            : !gates[LaneHealth.Gate] ? parts.First(p => p.Gate == LaneHealth.Gate).Problems.FirstOrDefault()?.ErrorClass ?? LaneHealth.NotSubscribed
            : !kafka.Ready ? kafka.ErrorClass ?? "kafka_produce"
            : problems.FirstOrDefault()?.ErrorClass ?? "not_serving";
        var degraded = ready && (problems.Count > 0 || parts.Any(p => p.Serving != Serving.Full));
        var report = new ReadinessReport(ready ? "ready" : "not_ready", ready, degraded, errorClass, gates, problems, laneReports);
        LogChange(report);
        return report;
    }

    /// <summary>One line per change of verdict, so an operator sees when and why, not one per probe.</summary>
    private void LogChange(ReadinessReport report)
    {
        var verdict = $"{(report.Ready ? report.Degraded ? "ready, degraded" : "ready" : "not ready")}" +
                      string.Concat(report.Problems.Select(p => $"; {p.Component} {p.ErrorClass}: {p.Detail}"));
        if (Interlocked.Exchange(ref _lastVerdict, verdict) == verdict) return;
        if (report.Ready && !report.Degraded) logger.LogInformation("readiness: {Verdict}", verdict);
        else logger.LogWarning("readiness: {Verdict}", verdict);
    }
}
