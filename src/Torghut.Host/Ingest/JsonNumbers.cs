using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Torghut.Host.Ingest;

/// <summary>
/// Writes doubles as the upstream (Kotlin) forwarder did, Java's <c>Double.toString</c> (JDK 19+): shortest round-trip
/// digits; plain notation for 10^-3 ≤ |v| &lt; 10^7, where a whole number keeps a trailing <c>.0</c>
/// (<c>"v":40211.0</c>: Python reads <c>40211</c> as an int but <c>40211.0</c> as a float); outside it
/// <c>d.ddddE±n</c> with at least one fraction digit and no exponent padding (<c>3.8E-5</c>, <c>1.0E7</c>).
/// </summary>
internal static class JsonNumbers
{
    public const int MaxDoubleLength = 40;
    private const int MaxFastDecimals = 9;
    private static readonly double[] Pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
    private static readonly long[] Pow10Long = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

    /// <summary>Formats into <paramref name="destination"/> (at least <see cref="MaxDoubleLength"/> bytes); returns the length.</summary>
    public static int FormatDouble(double value, Span<byte> destination)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "non-finite numbers cannot be written to an envelope");
        if (TryFormatShortDecimal(value, destination, out var written)) return written;
        return FormatJavaGeneral(value, destination);
    }

    /// <summary>
    /// Every value the fast paths decline (exponent range, negatives, zero, more than 9 decimals): .NET's shortest
    /// round-trip digits ("R"), rewritten into Java's layout. Both pick the shortest decimal that reads back as the
    /// value (the nearest when several), so only the layout differs, except that when one digit is shortest Java
    /// takes the nearest of one or two digits (<c>4.9E-324</c>, not <c>5.0E-324</c>): only subnormals can differ.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int FormatJavaGeneral(double value, Span<byte> destination)
    {
        Span<byte> digits = stackalloc byte[24];
        var count = Digits(value, "R", digits, out var point);
        var magnitude = Math.Abs(value);
        if (count == 1 && magnitude is > 0 and < MinNormal) count = Digits(value, "E1", digits, out point);
        digits = digits[..count];
        var w = 0;
        if (double.IsNegative(value)) destination[w++] = (byte)'-';
        if (magnitude == 0 || (magnitude >= 1e-3 && magnitude < MaxPlain))
        {
            if (magnitude == 0) point = 1; // "0.0"
            if (point <= 0)
            {
                "0."u8.CopyTo(destination[w..]);
                w += 2;
                destination.Slice(w, -point).Fill((byte)'0');
                w += -point;
                digits.CopyTo(destination[w..]);
                return w + count;
            }
            var whole = Math.Min(point, count);
            digits[..whole].CopyTo(destination[w..]);
            w += whole;
            destination.Slice(w, point - whole).Fill((byte)'0');
            w += point - whole;
            destination[w++] = (byte)'.';
            if (point >= count) destination[w++] = (byte)'0';
            else
            {
                digits[point..].CopyTo(destination[w..]);
                w += count - point;
            }
            return w;
        }
        destination[w++] = digits[0];
        destination[w++] = (byte)'.';
        if (count == 1) destination[w++] = (byte)'0';
        else
        {
            digits[1..].CopyTo(destination[w..]);
            w += count - 1;
        }
        destination[w++] = (byte)'E';
        System.Buffers.Text.Utf8Formatter.TryFormat(point - 1, destination[w..], out var n);
        return w + n;
    }

    private const double MinNormal = 2.2250738585072014E-308;

    /// <summary>
    /// The significant digits of |value| as <paramref name="format"/> writes them (<c>d[.ddd][E±xx]</c>), without
    /// leading or trailing zeros (at least one digit), and where the decimal point falls among them.
    /// </summary>
    private static int Digits(double value, string format, Span<byte> digits, out int point)
    {
        Span<byte> text = stackalloc byte[32];
        if (!Math.Abs(value).TryFormat(text, out var length, format, CultureInfo.InvariantCulture)) throw new FormatException("double did not fit");
        text = text[..length];
        var e = text.IndexOfAny((byte)'E', (byte)'e');
        var exponent = 0;
        if (e >= 0)
        {
            System.Buffers.Text.Utf8Parser.TryParse(text[(e + 1)..], out exponent, out _);
            text = text[..e];
        }
        int count = 0, at = -1;
        foreach (var b in text)
        {
            if (b == (byte)'.') at = count;
            else digits[count++] = b;
        }
        point = (at < 0 ? count : at) + exponent;
        var lead = 0;
        while (lead < count - 1 && digits[lead] == (byte)'0') { lead++; point--; }
        if (lead > 0) digits[lead..count].CopyTo(digits);
        count -= lead;
        while (count > 1 && digits[count - 1] == (byte)'0') count--;
        return count;
    }

    /// <summary>
    /// The common case of market data (prices and sizes with ≤ 9 decimals and ≤ 15 significant digits), without the
    /// general shortest-round-trip search. For the smallest k where m = round(value·10^k) gives m / 10^k == value,
    /// "m with k decimals" is what "R" prints: it round-trips, nothing with fewer decimals does, and with ≤ 15 digits
    /// two neighbouring decimals are more than an ulp apart, so it is the only candidate. Outside the range where Java
    /// prints plain (not exponent) notation, or when no k ≤ 9 works, the general formatter runs.
    /// </summary>
    private static bool TryFormatShortDecimal(double value, Span<byte> destination, out int written)
    {
        written = 0;
        // Java's plain range (outside it: exponent notation); also rejects 0, negatives (rare) and -0.
        if (!(value >= 1e-3 && value < MaxPlain)) return value >= 1e-4 && value < 1e-3 && TryFormatTenThousandths(value, destination, out written);
        if (value < MaxSingleStep)
        {
            // One rounding instead of up to ten (each with a division): below 10^6, m9 = round(value·10^9) < 10^15,
            // and some k ≤ 9 works exactly when k = 9 does, with m_k = m9 / 10^(9−k) — the error of value·10^9 is
            // under 0.25, so m9 is m_k·10^(9−k) exactly, and both decimals are the same rational. So the smallest k
            // is 9 minus m9's trailing zeros. (EnvelopeTextTests compares the output with "R" on 400 k values.)
            var scaled = Math.Round(value * 1e9);
            if (scaled / 1e9 != value) return false;
            // Whole part, '.', the nine fraction digits with m9's trailing zeros dropped (one digit stays: "40211.0").
            // Both parts are written eight digits at a time and trimmed by counting zero bytes, with no loop or
            // branch per digit: this is called about three times per envelope.
            var m9 = (ulong)scaled;
            var integral = (uint)(m9 / 1_000_000_000); // < 10^6
            var billionths = (uint)(m9 - integral * 1_000_000_000UL);
            var at = WriteTrimmedLeft(destination, integral);
            destination[at] = (byte)'.';
            var first = billionths / 100_000_000;
            destination[at + 1] = (byte)('0' + first);
            var rest = EightDigits(billionths - first * 100_000_000);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[(at + 2)..], rest | AsciiZeros);
            // The high bytes of `rest` are the last digits: its zero bytes there are the trailing zeros to drop.
            written = at + 2 + 8 - (BitOperations.LeadingZeroCount(rest) >> 3);
            return true;
        }
        return TryFormatLargeDecimal(value, destination, out written);
    }

    /// <summary>
    /// 10^-4 ≤ value &lt; 10^-3 with ≤ 9 decimals (small crypto sizes, e.g. 0.00038 BTC), in Java's exponent form
    /// <c>3.8E-4</c>, by the same argument as above: m9 = round(value·10^9) round-trips, so its digits without
    /// trailing zeros are the shortest.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryFormatTenThousandths(double value, Span<byte> destination, out int written)
    {
        written = 0;
        var scaled = Math.Round(value * 1e9);
        if (scaled / 1e9 != value) return false;
        var m = (uint)scaled; // 100 000 ≤ m < 1 000 000
        destination[0] = (byte)('0' + m / 100_000);
        destination[1] = (byte)'.';
        var rest = m % 100_000;
        for (var i = 6; i >= 2; i--, rest /= 10) destination[i] = (byte)('0' + rest % 10);
        var n = 7;
        while (n > 3 && destination[n - 1] == (byte)'0') n--;
        "E-4"u8.CopyTo(destination[n..]);
        written = n + 3;
        return true;
    }

    /// <summary>10^6 ≤ value &lt; 10^7: the smallest k that round-trips, tried in turn. Kept apart so the common path
    /// above has no stack locals to set up.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryFormatLargeDecimal(double value, Span<byte> destination, out int written)
    {
        written = 0;
        if (!TrySmallestDecimals(value, out var m, out var k)) return false;
        var whole = m / Pow10Long[k];
        var fraction = m - whole * Pow10Long[k];
        System.Buffers.Text.Utf8Formatter.TryFormat(whole, destination, out var n);
        destination[n++] = (byte)'.';
        if (k == 0) destination[n++] = (byte)'0';
        for (var i = k - 1; i >= 0; i--)
        {
            destination[n + i] = (byte)('0' + fraction % 10);
            fraction /= 10;
        }
        written = n + k;
        return true;
    }

    private const double MaxSingleStep = 1e6, MaxPlain = 1e7;

    /// <summary>Formats a long as <see cref="System.Buffers.Text.Utf8Formatter"/> does, into at least 20 bytes; returns the length.</summary>
    public static int FormatLong(long value, Span<byte> destination)
    {
        // Non-negative values below 10^16 (seq is ~1.7·10^15, trade ids and counts are smaller) take two eight-digit
        // blocks; anything else the general formatter.
        if ((ulong)value < 100_000_000) return WriteTrimmedLeft(destination, (uint)value);
        if ((ulong)value < 10_000_000_000_000_000)
        {
            var high = (ulong)value / 100_000_000;
            var n = WriteTrimmedLeft(destination, (uint)high);
            BinaryPrimitives.WriteUInt64LittleEndian(destination[n..], EightDigits((uint)((ulong)value - high * 100_000_000)) | AsciiZeros);
            return n + 8;
        }
        System.Buffers.Text.Utf8Formatter.TryFormat(value, destination, out var written);
        return written;
    }

    /// <summary>Writes <paramref name="value"/> (&lt; 10^8) without leading zeros ("0" for zero) and returns its length;
    /// may write up to 8 bytes (the caller overwrites what follows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteTrimmedLeft(Span<byte> destination, uint value)
    {
        var digits = EightDigits(value);
        // The low bytes are the leading digits; their zero bytes are the leading zeros (at most 7: "0" keeps a digit).
        var leadingZeros = BitOperations.TrailingZeroCount(digits | 1UL << 56) >> 3;
        BinaryPrimitives.WriteUInt64LittleEndian(destination, (digits | AsciiZeros) >> (leadingZeros * 8));
        return 8 - leadingZeros;
    }

    /// <summary>ASCII '0' in each byte: OR-ing it onto <see cref="EightDigits"/> makes the digits text.</summary>
    internal const ulong AsciiZeros = 0x3030_3030_3030_3030;

    /// <summary>
    /// The eight decimal digits of <paramref name="value"/> (&lt; 10^8, zero-padded), one per byte as 0–9, the most
    /// significant in the lowest byte — little-endian memory order, so written with
    /// <see cref="BinaryPrimitives.WriteUInt64LittleEndian"/> they read left to right. All lanes are split at once
    /// (10^4, then 100, then 10, each division a multiply-shift exact in its range: P. Khuong's method, as Lemire
    /// describes it), instead of eight dependent divisions. <c>EnvelopeTextTests</c> checks it against ToString.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong EightDigits(uint value)
    {
        ulong high = value / 10_000, low = value - high * 10_000;
        var merged = high | low << 32; // two 32-bit lanes of four digits, the leading ones low
        var hundreds = (merged * 10486 >> 20) & 0x0000_007F_0000_007F; // lane / 100
        var pairs = (merged - 100 * hundreds) << 16 | hundreds; // four 16-bit lanes of two digits
        var tens = (pairs * 103 >> 10) & 0x000F_000F_000F_000F; // lane / 10
        return tens | (pairs - 10 * tens) << 8; // eight 8-bit lanes of one digit
    }

    /// <summary>The smallest k ≤ 9 with round(value·10^k) / 10^k == value, trying each k in turn.</summary>
    private static bool TrySmallestDecimals(double value, out long m, out int k)
    {
        for (k = 0; k <= MaxFastDecimals; k++)
        {
            var scaled = Math.Round(value * Pow10[k]);
            if (scaled >= 1e15) break;
            if (scaled / Pow10[k] != value) continue;
            m = (long)scaled;
            return true;
        }
        m = 0;
        return false;
    }
}
