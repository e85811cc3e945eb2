using System.Text.Json;
using System.Text.RegularExpressions;
using Torghut.Tests.Support;

namespace Torghut.Tests.Deploy;

/// <summary>
/// deploy/ agrees with docs/health.md: the matrix names only alerts and metrics that exist, the probes leave room for
/// the liveness answer, and `promtool test rules` shows a degraded pod warns and never pages as down or stalled.
/// </summary>
public sealed partial class HealthAlertTests
{
    private static List<Dictionary<object, object?>> HealthAlerts =>
        PrometheusRuleTests.Rule.Items("spec", "groups").Single(g => g.Str("name") == "torghut-health").Items("rules").ToList();

    /// <summary>The matrix rows of docs/health.md, as cells (condition, readyz, healthz, metric, log line, alert).</summary>
    private static List<string[]> MatrixRows()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "health.md"));
        var matrix = text[text.IndexOf("## Matrix", StringComparison.Ordinal)..];
        matrix = matrix[..matrix.IndexOf("\n## ", 3, StringComparison.Ordinal)];
        return matrix.Split('\n').Where(l => l.StartsWith("| ") && !l.StartsWith("| condition")).Select(l => l.Split(" | ")).ToList();
    }

    [Fact]
    public void The_matrix_names_only_alerts_and_metrics_that_exist_and_every_health_alert_is_in_it()
    {
        var rows = MatrixRows();
        rows.Count.ShouldBeGreaterThan(10);
        var alertNames = PrometheusRuleTests.Alerts.Select(a => a.Str("alert")!).ToHashSet();
        var named = rows.SelectMany(r => AlertName().Matches(r[5]).Select(m => m.Groups[1].Value)).ToHashSet();
        named.Except(alertNames).ShouldBeEmpty("alerts the matrix names that deploy/base/prometheusrule.yaml lacks");
        HealthAlerts.Select(a => a.Str("alert")!).Except(named).ShouldBeEmpty("health alerts missing from the matrix");

        var exported = PrometheusRuleTests.ExportedMetricNames();
        var metrics = rows.SelectMany(r => MetricName().Matches(r[3]).Select(m => m.Groups[1].Value)).ToList();
        metrics.ShouldContain("torghut_health_problem");
        metrics.Except(exported).ShouldBeEmpty("metrics the matrix names that the host does not export");
    }

    [Theory]
    [MemberData(nameof(DeployTree.LaneData), MemberType = typeof(DeployTree))]
    public void Probes_wait_for_the_liveness_answer_and_the_env_uses_the_stall_setting(string lane)
    {
        var rendered = DeployTree.Render(lane);
        foreach (var deployment in rendered.Deployments)
        {
            var container = Rendered.Container(deployment);
            // /healthz gives up reading a blocked lane status after 3 s and answers 503 itself.
            int.Parse(container.Str("livenessProbe", "timeoutSeconds")!).ShouldBeGreaterThanOrEqualTo(5);
            var env = rendered.Environment(deployment);
            env.ShouldContainKey("HEALTH_STALL_AFTER_MS");
            env.ShouldNotContainKey("HEALTH_NOT_READY_KILL_AFTER_MS");
        }
    }

    [Fact]
    public async Task A_degraded_pod_only_warns_while_serving_nothing_and_a_stalled_loop_page()
    {
        using var dir = new TempDir();
        var rules = PrometheusRuleTests.WriteRules(dir);
        var (degraded, notServing, stalled) = (Alert("TorghutServingDegraded"), Alert("TorghutNotServing"), Alert("TorghutLoopStalled"));
        var degradedFor = PrometheusRuleTests.Minutes(degraded.Str("for")!);
        var end = degradedFor + 20;
        // Pod a: a refused symbol the whole time (ready, degraded, alive). Pod b: serves nothing. Pod c: a stalled loop.
        const string a = "namespace=\"torghut-crypto\",pod=\"ingest-a\"";
        const string b = "namespace=\"torghut-crypto\",pod=\"ingest-b\"";
        const string c = "namespace=\"torghut-crypto\",pod=\"ingest-c\"";
        var series = new[]
        {
            new { series = $"torghut_ws_readyz_status{{{a}}}", values = $"1x{end}" },
            new { series = $"torghut_healthz_status{{{a}}}", values = $"1x{end}" },
            new { series = $"torghut_health_problem{{{a},component=\"lane:crypto\",error_class=\"alpaca_symbol_limit\"}}", values = $"1x{end}" },
            new { series = $"torghut_ws_readyz_status{{{b}}}", values = $"0x{end}" },
            new { series = $"torghut_healthz_status{{{b}}}", values = $"1x{end}" },
            new { series = $"torghut_ws_readyz_status{{{c}}}", values = $"1x{end}" },
            new { series = $"torghut_healthz_status{{{c}}}", values = $"0x{end}" },
        };
        var degradedAlert = Expected(degraded, ("component", "lane:crypto"), ("error_class", "alpaca_symbol_limit"));
        var checks = new object[]
        {
            new { eval_time = $"{degradedFor - 1}m", alertname = degraded.Str("alert")!, exp_alerts = Array.Empty<object>() },
            new { eval_time = $"{degradedFor + 1}m", alertname = degraded.Str("alert")!, exp_alerts = new[] { degradedAlert } },
            // Only the pod that serves nothing is "not serving", only the stalled one "stalled": never the degraded one.
            new { eval_time = $"{end}m", alertname = notServing.Str("alert")!, exp_alerts = new[] { Expected(notServing, ("namespace", "torghut-crypto"), ("pod", "ingest-b")) } },
            new { eval_time = $"{end}m", alertname = stalled.Str("alert")!, exp_alerts = new[] { Expected(stalled, ("namespace", "torghut-crypto"), ("pod", "ingest-c")) } },
        };
        var tests = new
        {
            rule_files = new[] { rules },
            evaluation_interval = "1m",
            tests = new[] { new { interval = "1m", input_series = series, alert_rule_test = checks } },
        };
        var (code, output) = await ProcessRunner.RunAsync("promtool", $"test rules {dir.File("health-tests.yaml", JsonSerializer.Serialize(tests))}",
            timeout: TimeSpan.FromSeconds(120));
        code.ShouldBe(0, output);
        output.ShouldContain("SUCCESS");
    }

    private static Dictionary<object, object?> Alert(string name) => HealthAlerts.Single(a => a.Str("alert") == name);

    /// <summary>The alert as promtool reports it: its labels plus the grouping labels, annotations with those filled in.</summary>
    private static object Expected(Dictionary<object, object?> alert, params (string Key, string Value)[] labels)
    {
        var expLabels = alert.Map("labels").ToDictionary(kv => (string)kv.Key, kv => (string)kv.Value!);
        foreach (var (k, v) in labels) expLabels[k] = v;
        string Fill(string text) => labels.Aggregate(text, (t, l) => t.Replace($"{{{{ $labels.{l.Key} }}}}", l.Value));
        return new
        {
            exp_labels = expLabels,
            exp_annotations = alert.Map("annotations").ToDictionary(kv => (string)kv.Key, kv => Fill((string)kv.Value!)),
        };
    }

    [GeneratedRegex(@"`(Torghut[A-Za-z]+)`")]
    private static partial Regex AlertName();

    [GeneratedRegex(@"`(torghut_[a-z0-9_]+)")]
    private static partial Regex MetricName();
}
