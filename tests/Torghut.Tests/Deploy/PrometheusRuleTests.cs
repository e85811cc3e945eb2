using System.Text.Json;
using System.Text.RegularExpressions;
using Torghut.Tests.Support;

namespace Torghut.Tests.Deploy;

/// <summary>
/// The SLO alerts: one per SLO and lane, only metric names the host exports, valid PromQL (promtool check rules), and
/// the market-hours behaviour proven by `promtool test rules`: crypto pages at any hour, equity only in session.
/// </summary>
public sealed partial class PrometheusRuleTests
{
    /// <summary>The SLO evaluator's exports (issue #7): torghut_slo_*{slo,lane} and the market calendar per lane.</summary>
    private static readonly IReadOnlyList<string> SloNames = Torghut.Host.Gates.Slo.SloNames.All;

    /// <summary>SLOs the evaluator reports once per process (lane="all"), not per lane.</summary>
    private static readonly string[] ProcessWide = [Torghut.Host.Gates.Slo.SloNames.KafkaDeliveryFailures];

    private static IEnumerable<string> LaneSlos => SloNames.Except(ProcessWide);

    private static readonly string[] SloMetrics = ["torghut_slo_ok", "torghut_slo_observed", "torghut_slo_threshold", "torghut_market_open"];
    private static readonly string[] Lanes = ["crypto", "equity"];

    internal static Dictionary<object, object?> Rule => DeployTree.Render("crypto").OfKind("PrometheusRule").Single();

    internal static List<Dictionary<object, object?>> Alerts =>
        Rule.Items("spec", "groups").SelectMany(g => g.Items("rules")).Where(r => r.Str("alert") is not null).ToList();

    [Fact]
    public void Every_SLO_has_one_alert_per_lane_and_only_equity_waits_for_the_session()
    {
        foreach (var slo in ProcessWide)
        {
            var matching = Alerts.Where(a => a.Str("expr")!.Contains($"slo=\"{slo}\"")).ToList();
            matching.Count.ShouldBe(1, $"alerts for {slo}");
            matching[0].Str("expr")!.ShouldContain($"lane=\"{Torghut.Host.Gates.Slo.SloNames.AllLanes}\"");
            matching[0].Str("expr")!.ShouldNotContain("torghut_market_open");
        }
        foreach (var slo in LaneSlos)
            foreach (var lane in Lanes)
            {
                var matching = Alerts.Where(a => a.Str("expr")!.Contains($"slo=\"{slo}\"") && a.Str("expr")!.Contains($"lane=\"{lane}\"")).ToList();
                matching.Count.ShouldBe(1, $"alerts for {slo}/{lane}");
                var alert = matching[0];
                alert.Str("for").ShouldNotBeNullOrEmpty();
                alert.Str("labels", "severity").ShouldNotBeNullOrEmpty();
                if (lane == "equity") alert.Str("expr")!.ShouldContain("torghut_market_open{lane=\"equity\"}) == 1");
                else alert.Str("expr")!.ShouldNotContain("torghut_market_open");
            }
    }

    [Fact]
    public void Expressions_use_only_metrics_the_host_exports()
    {
        var exported = ExportedMetricNames();
        exported.ShouldContain("torghut_ws_readyz_status"); // the scan sees TorghutMetrics
        foreach (var rule in Rule.Items("spec", "groups").SelectMany(g => g.Items("rules")))
        {
            var expr = rule.Str("expr")!;
            MetricNames(expr).Where(m => !exported.Contains(m)).ShouldBeEmpty($"in {rule.Str("alert")}: {expr}");
            foreach (Match m in SloLabel().Matches(expr)) SloNames.ShouldContain(m.Groups[1].Value);
            foreach (Match m in LaneLabel().Matches(expr)) Lanes.Append(Torghut.Host.Gates.Slo.SloNames.AllLanes).ShouldContain(m.Groups[1].Value);
        }
    }

    [Fact]
    public async Task Promtool_accepts_the_rules()
    {
        using var dir = new TempDir();
        var (code, output) = await ProcessRunner.RunAsync("promtool", $"check rules --lint=all --lint-fatal {WriteRules(dir)}", timeout: TimeSpan.FromSeconds(60));
        code.ShouldBe(0, output);
        output.ShouldContain($"{Alerts.Count} rules found");
    }

    [Fact]
    public async Task Crypto_alerts_fire_around_the_clock_and_equity_alerts_only_while_the_market_is_open()
    {
        using var dir = new TempDir();
        var rules = WriteRules(dir);
        var sloAlerts = Alerts.Where(a => a.Str("expr")!.Contains("torghut_slo_ok{")).ToList();
        var longestFor = sloAlerts.Max(a => Minutes(a.Str("for")!));
        var opensAt = longestFor + 5; // equity market closed until then, open after
        var end = opensAt + longestFor + 5;

        // Every SLO breached on both lanes from t=0; the equity market opens at `opensAt`; crypto has no session.
        var series = new List<object>();
        foreach (var slo in LaneSlos)
            foreach (var lane in Lanes)
                series.Add(new { series = $"torghut_slo_ok{{slo=\"{slo}\",lane=\"{lane}\"}}", values = $"0x{end}" });
        foreach (var slo in ProcessWide)
            series.Add(new { series = $"torghut_slo_ok{{slo=\"{slo}\",lane=\"all\"}}", values = $"0x{end}" });
        series.Add(new { series = "torghut_market_open{lane=\"equity\"}", values = $"0x{opensAt - 1} 1x{end - opensAt + 1}" });
        series.Add(new { series = "torghut_market_open{lane=\"crypto\"}", values = $"1x{end}" });

        var checks = new List<object>();
        foreach (var processAlert in sloAlerts.Where(a => ProcessWide.Any(slo => a.Str("expr")!.Contains($"slo=\"{slo}\""))))
        {
            // Process-wide: fires after its `for:` whatever the equity calendar says.
            var name = processAlert.Str("alert")!;
            var fireAfter = Minutes(processAlert.Str("for")!);
            checks.Add(new { eval_time = $"{fireAfter - 1}m", alertname = name, exp_alerts = Array.Empty<object>() });
            checks.Add(new { eval_time = $"{fireAfter + 1}m", alertname = name, exp_alerts = new[] { Expected(processAlert, "all") } });
        }
        foreach (var name in sloAlerts.Where(a => !ProcessWide.Any(slo => a.Str("expr")!.Contains($"slo=\"{slo}\""))).Select(a => a.Str("alert")!).Distinct())
        {
            var byLane = Lanes.ToDictionary(l => l, l => sloAlerts.Single(a => a.Str("alert") == name && a.Str("expr")!.Contains($"lane=\"{l}\"")));
            var cryptoFor = Minutes(byLane["crypto"].Str("for")!);
            var equityFor = Minutes(byLane["equity"].Str("for")!);
            // Just before `for:` elapses: pending, not firing.
            checks.Add(new { eval_time = $"{cryptoFor - 1}m", alertname = name, exp_alerts = Array.Empty<object>() });
            // Crypto fires during the equity market's closed hours; the equity alert stays silent.
            checks.Add(new { eval_time = $"{opensAt - 1}m", alertname = name, exp_alerts = new[] { Expected(byLane["crypto"], "crypto") } });
            // After the open plus `for:`, both fire.
            checks.Add(new
            {
                eval_time = $"{opensAt + equityFor + 1}m", alertname = name,
                exp_alerts = new[] { Expected(byLane["crypto"], "crypto"), Expected(byLane["equity"], "equity") },
            });
        }
        var absent = Alerts.Single(a => a.Str("expr")!.StartsWith("absent("));
        checks.Add(new { eval_time = $"{end}m", alertname = absent.Str("alert")!, exp_alerts = Array.Empty<object>() });

        var tests = new
        {
            rule_files = new[] { rules },
            evaluation_interval = "1m",
            tests = new object[]
            {
                new { interval = "1m", input_series = series, alert_rule_test = checks },
                // No SLO series at all (evaluator down or not scraped): the absence alert fires, nothing else.
                new
                {
                    interval = "1m",
                    input_series = new[] { new { series = "torghut_market_open{lane=\"equity\"}", values = "1x30" } },
                    alert_rule_test = new[]
                    {
                        new { eval_time = $"{Minutes(absent.Str("for")!) + 1}m", alertname = absent.Str("alert")!, exp_alerts = new[] { Expected(absent, null) } },
                    },
                },
            },
        };
        var testFile = dir.File("tests.yaml", JsonSerializer.Serialize(tests)); // JSON is YAML
        var (code, output) = await ProcessRunner.RunAsync("promtool", $"test rules {testFile}", timeout: TimeSpan.FromSeconds(120));
        code.ShouldBe(0, output);
        output.ShouldContain("SUCCESS");
    }

    internal static object Expected(Dictionary<object, object?> alert, string? lane)
    {
        var labels = alert.Map("labels").ToDictionary(kv => (string)kv.Key, kv => (string)kv.Value!);
        if (lane is not null)
        {
            var slo = SloLabel().Match(alert.Str("expr")!).Groups[1].Value;
            labels["slo"] = slo;
            labels["lane"] = lane;
            return new
            {
                exp_labels = labels,
                exp_annotations = alert.Map("annotations").ToDictionary(kv => (string)kv.Key,
                    kv => ((string)kv.Value!).Replace("{{ $labels.lane }}", lane).Replace("{{ $labels.slo }}", slo)),
            };
        }
        return new { exp_labels = labels, exp_annotations = alert.Map("annotations").ToDictionary(kv => (string)kv.Key, kv => (string)kv.Value!) };
    }

    internal static string WriteRules(TempDir dir) =>
        dir.File("rules.yaml", JsonSerializer.Serialize(new { groups = Rule.Items("spec", "groups").Select(g => Plain(g)) }));

    private static object? Plain(object? node) => node switch
    {
        Dictionary<object, object?> map => map.ToDictionary(kv => (string)kv.Key, kv => Plain(kv.Value)),
        List<object?> list => list.Select(Plain).ToList(),
        _ => node,
    };

    internal static int Minutes(string duration) =>
        duration.EndsWith('m') ? int.Parse(duration[..^1]) : duration.EndsWith('h') ? 60 * int.Parse(duration[..^1]) : throw new FormatException(duration);

    /// <summary>Metric names created in the host's code (prometheus-net Create*), histograms with their series, plus the SLO exports.</summary>
    internal static HashSet<string> ExportedMetricNames()
    {
        var names = new HashSet<string>(SloMetrics);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src"), "*.cs", SearchOption.AllDirectories))
            foreach (Match m in MetricCreation().Matches(File.ReadAllText(file)))
            {
                var name = m.Groups[2].Value;
                names.Add(name);
                if (m.Groups[1].Value is "Histogram" or "Summary")
                    names.UnionWith([name + "_sum", name + "_count", name + "_bucket"]);
            }
        return names;
    }

    /// <summary>Identifiers of a PromQL expression that are metric names: not labels, functions, keywords or strings.</summary>
    private static IEnumerable<string> MetricNames(string expr)
    {
        var stripped = Matchers().Replace(expr, " ");
        stripped = Grouping().Replace(stripped, " ");
        stripped = Range().Replace(stripped, " ");
        string[] keywords = ["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset"];
        return Identifier().Matches(stripped).Where(m => !m.Groups[2].Success && !keywords.Contains(m.Groups[1].Value))
            .Select(m => m.Groups[1].Value).Distinct();
    }

    [GeneratedRegex(@"Create(Counter|Gauge|Histogram|Summary)\(\s*""([a-zA-Z_:][a-zA-Z0-9_:]*)""")]
    private static partial Regex MetricCreation();

    [GeneratedRegex("""\{[^}]*\}""")]
    private static partial Regex Matchers();

    [GeneratedRegex("""\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)""")]
    private static partial Regex Grouping();

    [GeneratedRegex("""\[[^\]]*\]""")]
    private static partial Regex Range();

    [GeneratedRegex("""\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(\s*\()?""")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"slo=""([^""]*)""")]
    private static partial Regex SloLabel();

    [GeneratedRegex(@"lane=""([^""]*)""")]
    private static partial Regex LaneLabel();
}
