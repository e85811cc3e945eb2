using Torghut.Host.Configuration;
using Torghut.Host.Shutdown;

namespace Torghut.Tests.Deploy;

/// <summary>
/// Kubernetes SIGKILLs a pod still running at the end of its grace period: every pod's grace stays above the host's
/// shutdown budget (plus a few seconds for the runtime to exit), so a stop in progress always gets to report and exit.
/// </summary>
public sealed class ShutdownGraceTests
{
    [Theory]
    [MemberData(nameof(DeployTree.LaneData), MemberType = typeof(DeployTree))]
    public void Every_pod_s_grace_period_outlasts_the_host_s_shutdown_budget(string lane)
    {
        var rendered = DeployTree.Render(lane);
        rendered.Deployments.ShouldNotBeEmpty();
        foreach (var deployment in rendered.Deployments)
        {
            var name = deployment.Str("metadata", "name");
            var budgetMs = ShutdownBudget.ParseMs(rendered.Environment(deployment).GetValueOrDefault(ConfigKeys.ShutdownTimeoutMs)?.Value);
            var graceText = deployment.Str("spec", "template", "spec", "terminationGracePeriodSeconds");
            graceText.ShouldNotBeNull($"{name}: terminationGracePeriodSeconds is set explicitly");
            var grace = TimeSpan.FromSeconds(int.Parse(graceText));
            grace.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(budgetMs) + TimeSpan.FromSeconds(5), $"{name}: grace vs {ConfigKeys.ShutdownTimeoutMs}");
        }
    }
}
