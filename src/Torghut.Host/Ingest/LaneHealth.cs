using Torghut.Host.Lanes;
using Torghut.Host.Composition;

namespace Torghut.Host.Ingest;

/// <summary>
/// An ingest lane as a part of the work (gate "alpaca_ws"): full when every desired symbol streams; partial when the
/// connection streams some symbols but the venue refused others (405) or never echoed them; none while connecting,
/// backing off, waiting on a configuration error (402/409) or failed. Partial and none both list the problem.
/// </summary>
public static class LaneHealth
{
    /// <summary>Upstream's readiness gate and default class, kept by name for its consumers (docs/health.md).</summary>
    public const string Gate = "alpaca_ws";
    public const string NotSubscribed = "alpaca_not_subscribed";

    // Set by the session only while its connection is open and subscribed to the rest (FeedSession.MarkReadyLocked,
    // RetryMissingLocked); a connection that ends replaces them, so with Degraded they mean "streaming, with gaps".
    // Classes are "<venue>_<kind>" (FeedSession.Class): the kinds are the host's, the prefix the plugin's.
    private static bool Partial(string? errorClass) =>
        errorClass is not null && (errorClass.EndsWith("_symbol_limit", StringComparison.Ordinal) || errorClass.EndsWith("_subscription", StringComparison.Ordinal));

    public static PartHealth Of(LaneState lane, SessionSnapshot? session, UniverseHealth? universe)
    {
        var component = $"lane:{lane.Name}";
        if (session is null)
        {
            var problem = lane.Running
                ? new HealthProblem(component, NotSubscribed, "lane starting", [])
                : new HealthProblem(component, lane.Failed ? "lane_failed" : "lane_cannot_run", lane.Problem ?? "lane down", []);
            return new PartHealth(component, Gate, Serving.None, [problem]);
        }
        var problems = new List<HealthProblem>();
        var serving = session.State switch
        {
            SessionState.Subscribed => Serving.Full,
            SessionState.Degraded when Partial(session.ErrorClass) && session.Subscribed.Values.Any(s => s.Count > 0) => Serving.Partial,
            _ => Serving.None,
        };
        if (serving != Serving.Full)
            problems.Add(new HealthProblem(component, session.ErrorClass ?? NotSubscribed,
                session.Problem ?? session.State.ToString().ToLowerInvariant(),
                session.Rejected.Keys.Concat(session.Missing).Distinct().Order(StringComparer.Ordinal).ToList()));
        if (universe is { Degraded: true })
            problems.Add(new HealthProblem(component, "universe_fetch", $"symbol universe fetch failing, last-known list in use: {universe.LastFailure}", []));
        return new PartHealth(component, Gate, serving, problems);
    }
}
