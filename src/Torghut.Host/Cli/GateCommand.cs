using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Gates.Calendar;
using Torghut.Host.Gates.Phases;
using Torghut.Host.Storage;
using Torghut.Host.Transport.Kafka;
using Torghut.Host.Web;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Cli;

/// <summary>
/// `torghut gate --phase 0|1|2|3`: a rollout promotion as a command with an exit code. 0 every criterion passed,
/// 1 a criterion failed, 2 a source (host, Kafka, store) could not be reached or the arguments/configuration are bad.
/// </summary>
public static class GateCommand
{
    public static Command Create(CliContext cli)
    {
        var phase = new Option<int>("--phase") { Description = "Rollout phase whose exit criteria to evaluate (0-3)", Required = true };
        phase.Validators.Add(r =>
        {
            if (r.GetValue(phase) is < 0 or > 3) r.AddError("--phase must be 0, 1, 2 or 3");
        });
        var json = new Option<bool>("--json") { Description = "Machine-readable output" };
        var window = new Option<string?>("--window") { Description = "How long sustained criteria are sampled (e.g. 5s, 10m; default 30m for phase 0, 5m otherwise)" };
        var url = new Option<string?>("--url") { Description = $"The running host (default {ConfigKeys.HttpUrl} or http://127.0.0.1:8080)" };
        var symbols = new Option<string?>("--symbols") { Description = "Target pairs (phase 2) or pairs to trade (phase 3); default: the running lanes' symbols / TRADING_EXECUTION_ALLOWLIST" };
        var command = new Command("gate", "Evaluate a rollout phase's exit criteria against the live host, Kafka and the store; exit 0 only when all pass");
        foreach (var o in new Option[] { phase, json, window, url, symbols }) command.Options.Add(o);
        command.SetAction((parse, ct) => RunAsync(cli, parse.GetValue(phase), parse.GetValue(json), parse.GetValue(window), parse.GetValue(url),
            parse.GetValue(symbols), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, int phase, bool asJson, string? windowText, string? urlOption, string? symbolsText, CancellationToken ct)
    {
        TimeSpan? window = null;
        if (windowText is not null)
        {
            if (!TryParseDuration(windowText, out var w))
            {
                await cli.Err.WriteLineAsync($"error: --window must be a duration like 5s, 10m or 1h; got '{windowText}'");
                return ExitCodes.Usage;
            }
            window = w;
        }
        IConfigurationRoot configuration;
        KafkaSettings? kafka;
        try
        {
            configuration = cli.BuildCheckedConfiguration();
            kafka = KafkaSettings.IsConfigured(configuration) ? KafkaSettings.FromConfiguration(configuration) : null;
        }
        catch (ConfigException e)
        {
            await cli.Err.WriteLineAsync($"configuration error: {e.Message}");
            return ExitCodes.Usage;
        }
        using var _ = configuration as IDisposable;
        var url = (urlOption ?? CoreCatalogue.HttpUrl.Read(configuration)!).TrimEnd('/');
        var symbols = symbolsText?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        var host = new HostApi(http, url);
        // ClickHouse is read directly; the embedded DuckDB file is locked by the running host, so it is read through it.
        var clickHouse = StorageCatalogue.ClickHouseUrl.Read(configuration);
        await using var direct = clickHouse is null ? null : TaStoreFactory.Create(configuration);
        IGateStore store = direct is null ? new HostGateStore(host) : new DirectGateStore(direct, $"ClickHouse {clickHouse!.GetLeftPart(UriPartial.Authority)}");
        var gates = Gates.GatesOptions.From(configuration);
        var gate = new PhaseGate(host, store, kafka, gates, new MarketHours(gates), cli.Err);
        var started = DateTimeOffset.UtcNow;
        GateReport report;
        try { report = await gate.RunAsync(phase, window, symbols, ct); }
        catch (SourceUnreachableException e)
        {
            report = new GateReport(phase, window ?? PhaseGate.DefaultWindow(phase), started, DateTimeOffset.UtcNow, [], e.Message);
        }
        Write(cli, report, url, store.Describe, asJson);
        return report.Verdict switch { "pass" => ExitCodes.Ok, "unreachable" => ExitCodes.Unreachable, _ => ExitCodes.Failure };
    }

    private static void Write(CliContext cli, GateReport report, string url, string store, bool asJson)
    {
        if (asJson)
        {
            cli.Out.WriteLine(JsonOutput.Serialize(new
            {
                phase = report.Phase, windowSeconds = report.Window.TotalSeconds, url, store,
                started = report.Started.ToString("O"), finished = report.Finished.ToString("O"),
                verdict = report.Verdict, unreachable = report.Unreachable,
                criteria = report.Criteria.Select(c => new { c.Name, c.Observed, c.Threshold, result = c.Status.ToString().ToLowerInvariant(), c.Detail }),
            }));
            return;
        }
        if (report.Criteria.Count > 0)
            TextTable.Write(cli.Out, ["criterion", "observed", "threshold", "result", "detail"],
                report.Criteria.Select(c => (IReadOnlyList<string?>)[c.Name, c.Observed, c.Threshold, c.Status.ToString().ToUpperInvariant(), c.Detail]));
        var failed = report.Criteria.Where(c => c.Status == CriterionStatus.Fail).Select(c => c.Name).ToList();
        var skipped = report.Criteria.Count(c => c.Status == CriterionStatus.Skip);
        cli.Out.WriteLine(report.Verdict switch
        {
            "unreachable" => $"verdict: UNREACHABLE (phase {report.Phase}) — {report.Unreachable}",
            "pass" => $"verdict: PASS (phase {report.Phase}: {report.Criteria.Count - skipped} criteria passed" + (skipped > 0 ? $", {skipped} skipped)" : ")"),
            _ => failed.Count > 0 ? $"verdict: FAIL (phase {report.Phase}: {string.Join(", ", failed)})" : $"verdict: FAIL (phase {report.Phase}: nothing could be evaluated)",
        });
    }

    /// <summary>250ms, 5s, 10m, 1h, or a bare number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var t = text.Trim().ToLowerInvariant();
        var (number, unit) = t.EndsWith("ms") ? (t[..^2], 0.001) : t.EndsWith('s') ? (t[..^1], 1.0) : t.EndsWith('m') ? (t[..^1], 60.0)
            : t.EndsWith('h') ? (t[..^1], 3600.0) : (t, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || !double.IsFinite(value)) return false;
        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
