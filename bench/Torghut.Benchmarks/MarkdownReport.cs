using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Torghut.Benchmarks;

/// <summary>
/// Writes the results into docs/benchmarks.md between this command's markers, so notes others add outside them
/// survive a re-run. Records what a reader needs to trust a number: when, on what machine, by which command.
/// </summary>
public static class MarkdownReport
{
    private const string Begin = "<!-- bench:begin (written by scripts/bench.sh; edits inside are overwritten) -->";
    private const string End = "<!-- bench:end -->";

    public static void Write(string path, string command, IReadOnlyList<BenchResult> results, string notes)
    {
        var section = Render(command, results, notes);
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var b = existing.IndexOf(Begin, StringComparison.Ordinal);
        var e = existing.IndexOf(End, StringComparison.Ordinal);
        var text = b >= 0 && e > b
            ? existing[..b] + section + existing[(e + End.Length)..]
            : existing.TrimEnd() + "\n\n" + section + "\n";
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }

    public static string Table(IReadOnlyList<BenchResult> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| benchmark | subject | rate /s | baseline | rate /s | ratio | target | result |");
        sb.AppendLine("|---|---|---:|---|---:|---:|---|---|");
        foreach (var r in results)
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Name} | {r.Subject} | {r.SubjectRate:N0} | {r.Baseline} | {r.BaselineRate:N0} | {r.Ratio:F2} | {r.Target} | {r.Pass switch { true => "PASS", false => "FAIL", null => "—" }} |");
        return sb.ToString();
    }

    private static string Render(string command, IReadOnlyList<BenchResult> results, string notes)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Begin);
        sb.AppendLine("## Latest run");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Shell("nproc")} cores (nproc), {CpuModel()}, {Environment.OSVersion}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- load average (1/5/15 min) when the report was written: {LoadAverage()} — other work on the machine skews absolute rates");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- runtime: .NET {Environment.Version}, Release build");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- command: `{command}`");
        sb.AppendLine();
        sb.Append(Table(results));
        sb.AppendLine();
        sb.AppendLine("Ratios compare numbers measured in the same run, so they carry over between machines better than the");
        sb.AppendLine("absolute rates do. A target FAIL is a finding to act on, not a flaky test: these never run in `dotnet test`.");
        sb.AppendLine();
        sb.Append(notes);
        sb.AppendLine(End);
        return sb.ToString();
    }

    private static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    private static string CpuModel()
    {
        var line = Shell("lscpu").Split('\n').FirstOrDefault(l => l.StartsWith("Model name:", StringComparison.Ordinal));
        return line is null ? "CPU model unknown" : line["Model name:".Length..].Trim();
    }

    private static string Shell(string program)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return output.Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "?";
        }
    }
}
