using Torghut.Abstractions;

namespace Torghut.Text;

// Shared source, compiled into Torghut.Host and into plugins/Alpaca.Shared (linked from each csproj): plugins may
// reference only Torghut.Abstractions, and these hot-path parsers are not part of the plugin contract.

/// <summary>
/// <see cref="NanoTimestamp.TryParse(ReadOnlySpan{byte}, out NanoTimestamp)"/> with the last second remembered: a
/// stream's timestamps share their <c>YYYY-MM-DDTHH:MM:SS</c> prefix for many records, so only the fraction is read
/// when the prefix repeats. The remembered second is what NanoTimestamp parsed for that prefix (+ <c>Z</c>), and the
/// fraction is read by NanoTimestamp's own rule (1–9 digits, scaled to nanoseconds, then <c>Z</c>); any other suffix
/// (an offset, lower-case <c>z</c>, 10 digits) is handed to NanoTimestamp whole. Not thread-safe.
/// </summary>
internal sealed class TimestampCache
{
    private const int PrefixLength = 19; // YYYY-MM-DDTHH:MM:SS
    private static readonly long[] Scale = [0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
    private readonly byte[] _prefix = new byte[PrefixLength];
    private bool _cached;
    private long _secondNanos;

    public bool TryParse(ReadOnlySpan<byte> text, out NanoTimestamp value)
    {
        if (text.Length > PrefixLength && TryFraction(text[PrefixLength..], out var nanos))
        {
            var prefix = text[..PrefixLength];
            if (!_cached || !prefix.SequenceEqual(_prefix))
            {
                Span<byte> whole = stackalloc byte[PrefixLength + 1];
                prefix.CopyTo(whole);
                whole[PrefixLength] = (byte)'Z';
                if (!NanoTimestamp.TryParse(whole, out var second)) return NanoTimestamp.TryParse(text, out value);
                prefix.CopyTo(_prefix);
                _secondNanos = second.UnixNanoseconds;
                _cached = true;
            }
            value = new NanoTimestamp(_secondNanos + nanos);
            return true;
        }
        return NanoTimestamp.TryParse(text, out value);
    }

    /// <summary><c>Z</c> or <c>.</c> + 1–9 digits + <c>Z</c>, as nanoseconds.</summary>
    private static bool TryFraction(ReadOnlySpan<byte> suffix, out long nanos)
    {
        nanos = 0;
        if (suffix.Length == 1) return suffix[0] == (byte)'Z';
        var digits = suffix.Length - 2;
        if (digits is < 1 or > 9 || suffix[0] != (byte)'.' || suffix[^1] != (byte)'Z') return false;
        long n = 0;
        for (var i = 1; i <= digits; i++)
        {
            var d = (uint)(suffix[i] - '0');
            if (d > 9) return false;
            n = n * 10 + d;
        }
        nanos = n * Scale[digits];
        return true;
    }
}
