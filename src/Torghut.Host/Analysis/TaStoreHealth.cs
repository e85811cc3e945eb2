using Torghut.Host.Composition;
using Torghut.Host.Health;

namespace Torghut.Host.Analysis;

/// <summary>
/// The TA store as a part of the work for readiness: while its writes fail, the TA worker serves nothing (rows wait
/// in its bounded writer) — "ready, degraded" for a process whose ingest still streams, not ready for a TA-only one.
/// Never a liveness failure: a restart cannot bring the store back, and the worker resumes by itself
/// (docs/adr/0002-ta-store-outage-policy.md).
/// </summary>
public sealed class TaStoreHealth(TaStatusBoard ta) : IHealthContributor, IHostComponent
{
    public const string Gate = "ta_store";

    public IEnumerable<PartHealth> Parts()
    {
        // Only a failing store is reported: a healthy TA worker must not make a process whose every lane is down
        // look "ready, degraded" (the lanes decide that; TA follows what they publish).
        if (ta.StoreWrites is not { Up: false } writes) yield break;
        var since = writes.DownSince is { } d ? $" since {d:O}" : "";
        yield return new PartHealth("ta", Gate, Serving.None,
            [new HealthProblem("ta", "ta_store_unavailable", $"store writes failing{since}: {writes.LastError}", [])]);
    }
}
