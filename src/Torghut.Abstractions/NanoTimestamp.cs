using System.Globalization;

namespace Torghut.Abstractions;

/// <summary>
/// A UTC instant with nanosecond precision, stored as nanoseconds since the Unix epoch (range 1678–2262).
/// Venue timestamps carry up to 9 fractional digits; <see cref="DateTime"/> keeps only 100 ns, so records keep
/// this type and convert only at the edges.
/// </summary>
public readonly record struct NanoTimestamp(long UnixNanoseconds) : IComparable<NanoTimestamp>
{
    private const long NanosPerSecond = 1_000_000_000L;
    private const long NanosPerTick = 100L;
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Whole seconds since the epoch (floor).</summary>
    public long UnixSeconds => FloorDiv(UnixNanoseconds, NanosPerSecond);

    /// <summary>Nanoseconds within the second, 0..999,999,999.</summary>
    public int NanosOfSecond => (int)(UnixNanoseconds - UnixSeconds * NanosPerSecond);

    /// <summary>Milliseconds since the epoch (floor).</summary>
    public long UnixMilliseconds => FloorDiv(UnixNanoseconds, 1_000_000L);

    /// <summary>From a <see cref="DateTimeOffset"/> (100 ns precision).</summary>
    public static NanoTimestamp FromDateTimeOffset(DateTimeOffset value) =>
        new((value.UtcTicks - EpochTicks) * NanosPerTick);

    /// <summary>From Unix seconds plus nanoseconds.</summary>
    public static NanoTimestamp FromUnix(long seconds, int nanos = 0) => new(seconds * NanosPerSecond + nanos);

    /// <summary>Now, from the system clock.</summary>
    public static NanoTimestamp Now => FromDateTimeOffset(DateTimeOffset.UtcNow);

    /// <summary>To a <see cref="DateTimeOffset"/>; sub-100 ns digits are truncated.</summary>
    public DateTimeOffset ToDateTimeOffset() =>
        new(EpochTicks + FloorDiv(UnixNanoseconds, NanosPerTick), TimeSpan.Zero);

    /// <summary>This instant plus <paramref name="nanos"/> nanoseconds.</summary>
    public NanoTimestamp AddNanoseconds(long nanos) => new(UnixNanoseconds + nanos);

    /// <inheritdoc />
    public int CompareTo(NanoTimestamp other) => UnixNanoseconds.CompareTo(other.UnixNanoseconds);

    /// <summary>Orders two instants.</summary>
    public static bool operator <(NanoTimestamp a, NanoTimestamp b) => a.UnixNanoseconds < b.UnixNanoseconds;
    /// <summary>Orders two instants.</summary>
    public static bool operator >(NanoTimestamp a, NanoTimestamp b) => a.UnixNanoseconds > b.UnixNanoseconds;
    /// <summary>Orders two instants.</summary>
    public static bool operator <=(NanoTimestamp a, NanoTimestamp b) => a.UnixNanoseconds <= b.UnixNanoseconds;
    /// <summary>Orders two instants.</summary>
    public static bool operator >=(NanoTimestamp a, NanoTimestamp b) => a.UnixNanoseconds >= b.UnixNanoseconds;

    /// <summary>
    /// ISO-8601 in UTC with <c>Z</c>, the fraction printed in groups of 3 digits only as far as needed
    /// (0, 3, 6 or 9 digits) — the same text Java's <c>Instant.toString()</c> produces, which downstream consumers
    /// of the envelope already parse.
    /// </summary>
    public override string ToString()
    {
        Span<char> buffer = stackalloc char[32];
        return TryFormat(buffer, out var written) ? new string(buffer[..written]) : UnixNanoseconds.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Formats like <see cref="ToString"/> into <paramref name="destination"/> without allocating.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var seconds = UnixSeconds;
        var nanos = NanosOfSecond;
        DateTime dt;
        try { dt = DateTime.UnixEpoch.AddSeconds(seconds); }
        catch (ArgumentOutOfRangeException) { return false; }
        if (!dt.TryFormat(destination, out var n, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)) return false;
        var pos = n;
        if (nanos != 0)
        {
            int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
            if (destination.Length < pos + 1 + digits + 1) return false;
            destination[pos++] = '.';
            var value = digits switch { 3 => nanos / 1_000_000, 6 => nanos / 1_000, _ => nanos };
            for (int i = digits - 1; i >= 0; i--)
            {
                destination[pos + i] = (char)('0' + value % 10);
                value /= 10;
            }
            pos += digits;
        }
        if (destination.Length < pos + 1) return false;
        destination[pos++] = 'Z';
        charsWritten = pos;
        return true;
    }

    /// <summary>Parses RFC 3339 text (UTF-16). See <see cref="TryParse(ReadOnlySpan{byte}, out NanoTimestamp)"/>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out NanoTimestamp value)
    {
        Span<byte> utf8 = stackalloc byte[48];
        value = default;
        if (text.Length > utf8.Length) return false;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 127) return false;
            utf8[i] = (byte)text[i];
        }
        return TryParse(utf8[..text.Length], out value);
    }

    /// <summary>Parses RFC 3339 text or throws <see cref="FormatException"/>.</summary>
    public static NanoTimestamp Parse(string text) =>
        TryParse(text.AsSpan(), out var v) ? v : throw new FormatException($"not an RFC 3339 timestamp: '{text}'");

    /// <summary>
    /// Parses RFC 3339 UTF-8 text: <c>YYYY-MM-DDTHH:MM:SS[.f{1,9}](Z|±HH:MM)</c>, also a bare date
    /// <c>YYYY-MM-DD</c> (midnight UTC). Fractions longer than 9 digits are rejected rather than rounded.
    /// Allocation-free.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> s, out NanoTimestamp value)
    {
        value = default;
        if (s.Length < 10) return false;
        if (!Digits(s, 0, 4, out var year) || s[4] != '-' || !Digits(s, 5, 2, out var month) || s[7] != '-' ||
            !Digits(s, 8, 2, out var day)) return false;
        if (month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        long hour = 0, minute = 0, second = 0, nanos = 0, offsetSeconds = 0;
        int p = 10;
        if (s.Length > 10)
        {
            if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return false;
            if (s.Length < 19 || !Digits(s, 11, 2, out var h) || s[13] != ':' || !Digits(s, 14, 2, out var mi) ||
                s[16] != ':' || !Digits(s, 17, 2, out var se)) return false;
            if (h > 23 || mi > 59 || se > 60) return false; // 60: a leap second is folded into the next second
            hour = h; minute = mi; second = se;
            p = 19;
            if (p < s.Length && s[p] == '.')
            {
                p++;
                int start = p;
                while (p < s.Length && (uint)(s[p] - '0') <= 9)
                {
                    if (p - start >= 9) return false;
                    nanos = nanos * 10 + (s[p] - '0');
                    p++;
                }
                int count = p - start;
                if (count == 0) return false;
                for (int i = count; i < 9; i++) nanos *= 10;
            }
            if (p >= s.Length) return false; // a time needs a zone: Z or an offset
            if (s[p] == 'Z' || s[p] == 'z') p++;
            else if (s[p] == '+' || s[p] == '-')
            {
                if (s.Length < p + 6 || !Digits(s, p + 1, 2, out var oh) || s[p + 3] != ':' || !Digits(s, p + 4, 2, out var om))
                    return false;
                if (oh > 23 || om > 59) return false;
                offsetSeconds = (s[p] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                p += 6;
            }
            else return false;
        }
        if (p != s.Length) return false;
        var days = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).Subtract(DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerDay;
        var totalSeconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
        value = new NanoTimestamp(totalSeconds * NanosPerSecond + nanos);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count, out int value)
    {
        value = 0;
        if (start + count > s.Length) return false;
        for (int i = start; i < start + count; i++)
        {
            var d = (uint)(s[i] - '0');
            if (d > 9) return false;
            value = value * 10 + (int)d;
        }
        return true;
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
