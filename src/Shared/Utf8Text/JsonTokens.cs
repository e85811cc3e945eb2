using System.Buffers;

namespace Torghut.Text;

// Shared source, compiled into Torghut.Host and into plugins/Alpaca.Shared (linked from each csproj), like the other
// files here: the fast paths of both (ForwarderEnvelopeReader, FlatFrameScanner) scan the same token shapes.

/// <summary>
/// Exact-layout scanners for the fast paths: they accept only the plain forms (printable ASCII strings without escapes,
/// numbers of the JSON grammar) and report anything else as "no", so the caller can decline to its tokenizer path.
/// </summary>
internal static class JsonTokens
{
    private const int ShortString = 8;
    private static readonly bool[] Plain = BuildPlain();
    private static readonly SearchValues<byte> StringStop = SearchValues.Create(StringStopBytes());

    /// <summary>A string of printable ASCII without escapes at <paramref name="p"/>; <paramref name="content"/> is between the quotes.</summary>
    public static bool PlainString(ReadOnlySpan<byte> s, scoped ref int p, out ReadOnlySpan<byte> content)
    {
        content = default;
        if ((uint)p >= (uint)s.Length || s[p] != (byte)'"') return false;
        var rest = s[(p + 1)..];
        // Keys and codes are a few bytes: a plain loop finds their end sooner than a vectorized search starts.
        var end = 0;
        while (end < rest.Length && end < ShortString && Plain[rest[end]]) end++;
        if (end == ShortString)
        {
            var more = rest[end..].IndexOfAny(StringStop);
            if (more < 0) return false;
            end += more;
        }
        if (end >= rest.Length || rest[end] != (byte)'"') return false;
        content = rest[..end];
        p += end + 2;
        return true;
    }

    /// <summary>A token of the JSON number grammar <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
    public static bool Number(ReadOnlySpan<byte> s, scoped ref int p, out ReadOnlySpan<byte> token)
    {
        token = default;
        var i = p;
        if (i < s.Length && s[i] == (byte)'-') i++;
        if (i >= s.Length) return false;
        if (s[i] == (byte)'0') i++;
        else if (IsDigit(s[i])) i = SkipDigits(s, i + 1);
        else return false;
        if (i < s.Length && s[i] == (byte)'.')
        {
            var start = ++i;
            i = SkipDigits(s, i);
            if (i == start) return false;
        }
        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            i++;
            if (i < s.Length && (s[i] == (byte)'+' || s[i] == (byte)'-')) i++;
            var start = i;
            i = SkipDigits(s, i);
            if (i == start) return false;
        }
        token = s[p..i];
        p = i;
        return true;
    }

    public static int SkipDigits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsDigit(s[i])) i++;
        return i;
    }

    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool[] BuildPlain()
    {
        var plain = new bool[256];
        for (var b = 0x20; b < 0x7F; b++) plain[b] = b is not '"' and not '\\';
        return plain;
    }

    private static byte[] StringStopBytes()
    {
        var stops = new List<byte> { (byte)'"', (byte)'\\' };
        for (var b = 0; b < 0x20; b++) stops.Add((byte)b);
        for (var b = 0x7F; b <= 0xFF; b++) stops.Add((byte)b);
        return stops.ToArray();
    }
}
