namespace Torghut.Host.Gates.Phases;

public enum CriterionStatus { Pass, Fail, Skip }

/// <summary>One exit criterion of a phase: what was observed against what threshold.</summary>
public sealed record CriterionResult(string Name, string Observed, string Threshold, CriterionStatus Status, string? Detail = null)
{
    public static CriterionResult Check(string name, bool pass, string observed, string threshold, string? detail = null) =>
        new(name, observed, threshold, pass ? CriterionStatus.Pass : CriterionStatus.Fail, detail);

    public static CriterionResult Skipped(string name, string threshold, string why) => new(name, "-", threshold, CriterionStatus.Skip, why);
}

/// <summary>A gate run: every criterion, and the verdict (pass only when none failed and at least one was evaluated).</summary>
public sealed record GateReport(int Phase, TimeSpan Window, DateTimeOffset Started, DateTimeOffset Finished, IReadOnlyList<CriterionResult> Criteria,
    string? Unreachable = null)
{
    public string Verdict => Unreachable is not null ? "unreachable"
        : Criteria.Any(c => c.Status == CriterionStatus.Fail) || Criteria.All(c => c.Status == CriterionStatus.Skip) ? "fail" : "pass";
}

/// <summary>A source the gate needs (host, Kafka, store) could not be reached: the verdict is unknown, never a pass.</summary>
public sealed class SourceUnreachableException(string source, string message, Exception? inner = null)
    : Exception($"{source}: {message}", inner)
{
    public string SourceName { get; } = source;
}
