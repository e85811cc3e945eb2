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
    // One marked section per benchmark: a run of one benchmark replaces its own section and leaves the others.
    private static string Begin(string name) => $"<!-- bench:begin {name} (written by scripts/bench.sh; edits inside are overwritten) -->";
    private static string End(string name) => $"<!-- bench:end {name} -->";

    public static void Write(string path, string name, string command, IReadOnlyList<BenchResult> results, string notes)
    {
        var section = Render(name, command, results, notes);
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Benchmarks\n\n";
        var b = existing.IndexOf(Begin(name), StringComparison.Ordinal);
        var e = existing.IndexOf(End(name), StringComparison.Ordinal);
        var text = b >= 0 && e > b
            ? existing[..b] + section + existing[(e + End(name).Length)..]
            : InsertBeforeNotes(existing, section);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
    }

    // New sections go after the last existing section (or after the title), ahead of hand-written findings.
    private static string InsertBeforeNotes(string existing, string section)
    {
        var last = existing.LastIndexOf("<!-- bench:end ", StringComparison.Ordinal);
        if (last < 0)
        {
            var title = existing.IndexOf('\n');
            return title < 0 ? existing + "\n\n" + section + "\n" : existing[..(title + 1)] + "\n" + section + "\n" + existing[(title + 1)..].TrimStart('\n');
        }
        var after = existing.IndexOf("-->", last, StringComparison.Ordinal) + 3;
        return existing[..after] + "\n\n" + section + existing[after..];
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

    private static string Render(string name, string command, IReadOnlyList<BenchResult> results, string notes)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Begin(name));
        sb.AppendLine(CultureInfo.InvariantCulture, $"## {name}");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- machine: {Shell("nproc")} cores (nproc), {CpuModel()}, {Environment.OSVersion}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- load average (1/5/15 min) when the report was written: {LoadAverage()} — other work on the machine skews absolute rates");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- runtime: .NET {Environment.Version}, Release build");
        sb.AppendLine(CultureInfo.InvariantCulture, $"- command: `{command}`");
        sb.AppendLine();
        sb.Append(Table(results));
        sb.AppendLine();
        sb.Append(notes);
        sb.AppendLine(End(name));
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
