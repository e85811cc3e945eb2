using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>Canonical sample symbols, and many more made from the first one for the chunking check.</summary>
internal static class SymbolSamples
{
    public static IReadOnlyList<string> Canonical(ISymbolCodec? codec, IReadOnlyList<string> samples) =>
        samples.Select(s => codec is null ? s : codec.Canonicalize(s).Symbol)
            .OfType<string>().Distinct().DefaultIfEmpty("SYM").ToArray();

    /// <summary>
    /// <paramref name="count"/> distinct symbols shaped like <paramref name="template"/>: its first run of letters is
    /// replaced by AAA, AAB, … of the same length, so a codec with shape rules (BASE/QUOTE, ticker length) keeps
    /// accepting them. Symbols the codec refuses are skipped.
    /// </summary>
    public static IReadOnlyList<string> Generate(ISymbolCodec? codec, string template, int count)
    {
        int start = 0;
        while (start < template.Length && !char.IsAsciiLetter(template[start])) start++;
        int end = start;
        while (end < template.Length && char.IsAsciiLetter(template[end])) end++;
        var length = Math.Max(end - start, 1);
        var result = new List<string>(count);
        var seen = new HashSet<string>();
        for (int i = 0; result.Count < count && i < count * 4; i++)
        {
            var letters = Letters(i, length);
            if (letters is null) break;
            var raw = template[..start] + letters + template[Math.Min(end, template.Length)..];
            var canonical = codec is null ? raw : codec.Canonicalize(raw).Symbol;
            if (canonical is not null && seen.Add(canonical)) result.Add(canonical);
        }
        return result;
    }

    private static string? Letters(int index, int length)
    {
        var chars = new char[length];
        for (int p = length - 1; p >= 0; p--)
        {
            chars[p] = (char)('A' + index % 26);
            index /= 26;
        }
        return index == 0 ? new string(chars) : null;
    }
}
