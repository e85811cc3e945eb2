using Torghut.Host.Composition;
using Torghut.Host.Health;

namespace Torghut.Host.Ingest.Repair;

/// <summary>
/// Repairs as a part of the work for readiness: a symbol whose last repair failed has a hole the venue's history has
/// not filled yet — "ready, degraded" naming the symbols (the live stream is unaffected), never not-ready or a restart.
/// </summary>
public sealed class RepairHealth(RepairStatusBoard board) : IHealthContributor, IHostComponent
{
    public const string Gate = "repair";

    public IEnumerable<PartHealth> Parts()
    {
        foreach (var (lane, stats) in board.Lanes)
        {
            var failing = stats.Symbols.Where(s => s.Value.LastFailure is not null && s.Value.HolesOpen > 0)
                .OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
            if (failing.Count == 0) continue;
            yield return new PartHealth($"repair:{lane}", Gate, Serving.Partial,
            [
                new HealthProblem($"repair:{lane}", "repair_failing",
                    $"holes not yet repaired from the venue's history (retried): {string.Join("; ", failing.Select(f => $"{f.Key} {f.Value.LastFailure}"))}",
                    failing.Select(f => f.Key).ToList()),
            ]);
        }
    }
}
