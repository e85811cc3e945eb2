namespace Torghut.Host.Composition;

/// <summary>How much of its work a part of the process does right now.</summary>
public enum Serving { Full, Partial, None }

/// <summary>One thing wrong, as /readyz lists it: which part, a stable class for alerts, words and symbols for people.</summary>
public sealed record HealthProblem(string Component, string ErrorClass, string Detail, IReadOnlyList<string> Symbols);

/// <summary>A part of the work (an ingest lane, the TA store, …), the readiness gate it belongs to, and how it is doing.</summary>
public sealed record PartHealth(string Component, string Gate, Serving Serving, IReadOnlyList<HealthProblem> Problems)
{
    public static PartHealth Full(string component, string gate) => new(component, gate, Serving.Full, []);
}

/// <summary>
/// Parts other than the ingest lanes and the transport report their health here; readiness turns a part that serves
/// partly or has problems into "ready, degraded", and is not ready only when no part serves at all. The slot for the
/// TA worker: its store down → a part (gate "ta_store") serving Partial with a problem — ready, degraded, never a restart.
/// </summary>
public interface IHealthContributor
{
    IEnumerable<PartHealth> Parts();
}
