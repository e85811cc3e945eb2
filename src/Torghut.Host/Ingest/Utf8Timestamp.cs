using System.Buffers.Binary;
using Torghut.Abstractions;

namespace Torghut.Host.Ingest;

/// <summary>
/// Formats <see cref="NanoTimestamp"/> as UTF-8 exactly like <see cref="NanoTimestamp.ToString"/> (Java
/// Instant.toString: 0, 3, 6 or 9 fraction digits, Z), without DateTime or format strings: this runs 2–3 times per
/// envelope. The date/time prefix of the last second formatted is cached, since a stream's timestamps share seconds,
/// and so is the date of the last day.
/// </summary>
internal sealed class Utf8Timestamp
{
    public const int MaxLength = 30;
    private long _cachedSecond = long.MinValue;
    private long _cachedDay = long.MinValue;
    // The 19-byte "yyyy-MM-ddTHH:mm:ss" prefix as three overlapping fixed-size stores (bytes 0–7, 8–15, 15–18):
    // copying a 19-byte array was a call to memmove per timestamp.
    private readonly byte[] _prefix = new byte[19];
    private ulong _prefix0, _prefix8;
    private uint _prefix15;

    /// <summary>Writes the timestamp and returns its length; <paramref name="destination"/> needs
    /// <see cref="MaxLength"/> bytes even for shorter texts (the fraction is written eight digits at once).</summary>
    public int Format(NanoTimestamp ts, Span<byte> destination)
    {
        var second = ts.UnixSeconds;
        if (second != _cachedSecond) FormatPrefix(second);
        BinaryPrimitives.WriteUInt64LittleEndian(destination, _prefix0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], _prefix8);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[15..], _prefix15);
        var nanos = (uint)ts.NanosOfSecond;
        if (nanos == 0)
        {
            destination[19] = (byte)'Z';
            return 20;
        }
        // All nine digits are written; 'Z' then lands after the third, sixth or ninth, cutting the zeros off.
        var digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        destination[19] = (byte)'.';
        var first = nanos / 100_000_000;
        destination[20] = (byte)('0' + first);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[21..], JsonNumbers.EightDigits(nanos - first * 100_000_000) | JsonNumbers.AsciiZeros);
        destination[20 + digits] = (byte)'Z';
        return 21 + digits;
    }

    private void FormatPrefix(long unixSeconds)
    {
        var days = Math.DivRem(unixSeconds, 86_400, out var secondOfDay);
        if (secondOfDay < 0) { secondOfDay += 86_400; days--; }
        var p = _prefix.AsSpan();
        // The date changes once a day, the time every second: only the time is formatted again when the date holds.
        if (days != _cachedDay)
        {
            var (y, m, d) = CivilFromDays(days);
            if (y is < 0 or > 9999) throw new ArgumentOutOfRangeException(nameof(unixSeconds), "year out of range");
            Digits(p, 0, y, 4); p[4] = (byte)'-';
            Digits(p, 5, m, 2); p[7] = (byte)'-';
            Digits(p, 8, d, 2); p[10] = (byte)'T';
            _cachedDay = days;
        }
        var s = (int)secondOfDay;
        Digits(p, 11, s / 3600, 2); p[13] = (byte)':';
        Digits(p, 14, s / 60 % 60, 2); p[16] = (byte)':';
        Digits(p, 17, s % 60, 2);
        _prefix0 = BinaryPrimitives.ReadUInt64LittleEndian(p);
        _prefix8 = BinaryPrimitives.ReadUInt64LittleEndian(p[8..]);
        _prefix15 = BinaryPrimitives.ReadUInt32LittleEndian(p[15..]);
        _cachedSecond = unixSeconds;
    }

    private static void Digits(Span<byte> s, int at, int value, int count)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            s[at + i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>Days since 1970-01-01 → proleptic Gregorian date (H. Hinnant's civil_from_days).</summary>
    private static (int Year, int Month, int Day) CivilFromDays(long z)
    {
        z += 719_468;
        var era = (z >= 0 ? z : z - 146_096) / 146_097;
        var doe = z - era * 146_097;
        var yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        var doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        var mp = (5 * doy + 2) / 153;
        var d = doy - (153 * mp + 2) / 5 + 1;
        var m = mp < 10 ? mp + 3 : mp - 9;
        return ((int)(yoe + era * 400 + (m <= 2 ? 1 : 0)), (int)m, (int)d);
    }
}
