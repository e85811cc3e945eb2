namespace Torghut.Host.Cli;

/// <summary>Plain aligned columns for terminal output (no colors: output is often piped or logged).</summary>
public static class TextTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = rows.Select(r => r.Select(c => c ?? "-").ToArray()).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Count == 0 ? 0 : all.Max(r => r[i].Length))).ToArray();
        writer.WriteLine(string.Join("  ", headers.Select((h, i) => h.ToUpperInvariant().PadRight(widths[i]))).TrimEnd());
        foreach (var row in all) writer.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }
}
