namespace Torghut.Benchmarks;

/// <summary>One measured pair: the subject and the baseline it is compared with, from the same run.</summary>
/// <param name="Name">Benchmark and case, e.g. <c>decode (10 msg/frame)</c>.</param>
/// <param name="Subject">What is measured (the project's code path).</param>
/// <param name="SubjectRate">Subject messages per second.</param>
/// <param name="Baseline">What it is compared with.</param>
/// <param name="BaselineRate">Baseline messages per second.</param>
/// <param name="Target">The target in words.</param>
/// <param name="Pass">Whether the target is met; null for a diagnostic row without a target.</param>
public sealed record BenchResult(
    string Name, string Subject, double SubjectRate, string Baseline, double BaselineRate, string Target, bool? Pass)
{
    public double Ratio => BaselineRate > 0 ? SubjectRate / BaselineRate : 0;
}
