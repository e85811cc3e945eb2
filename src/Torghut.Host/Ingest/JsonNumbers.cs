using System.Globalization;

namespace Torghut.Host.Ingest;

/// <summary>
/// Writes doubles the way the upstream (Kotlin) forwarder did as far as a JSON parser can tell: shortest round-trip
/// digits, and a whole number keeps a trailing <c>.0</c> (<c>"v":40211.0</c>). That matters to Python consumers,
/// which read <c>40211</c> as an int but <c>40211.0</c> as a float.
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
        if (!value.TryFormat(destination, out var n, "R", CultureInfo.InvariantCulture)) throw new FormatException("double did not fit");
        if (destination[..n].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0 && n + 2 <= destination.Length)
        {
            destination[n++] = (byte)'.';
            destination[n++] = (byte)'0';
        }
        return n;
    }

    /// <summary>
    /// The common case of market data (prices and sizes with ≤ 9 decimals and ≤ 15 significant digits), without the
    /// general shortest-round-trip search. For the smallest k where m = round(value·10^k) gives m / 10^k == value,
    /// "m with k decimals" is what "R" prints: it round-trips, nothing with fewer decimals does, and with ≤ 15 digits
    /// two neighbouring decimals are more than an ulp apart, so it is the only candidate. Outside the range where "R"
    /// prints plain (not exponent) notation, or when no k ≤ 9 works, the general formatter runs.
    /// </summary>
    private static bool TryFormatShortDecimal(double value, Span<byte> destination, out int written)
    {
        written = 0;
        if (!(value >= 1e-4 && value < 1e15)) return false; // also rejects 0, negatives (rare) and -0
        long m;
        int k;
        if (value < MaxSingleStep)
        {
            // One rounding instead of up to ten (each with a division): below 10^6, m9 = round(value·10^9) < 10^15,
            // and some k ≤ 9 works exactly when k = 9 does, with m_k = m9 / 10^(9−k) — the error of value·10^9 is
            // under 0.25, so m9 is m_k·10^(9−k) exactly, and both decimals are the same rational. So the smallest k
            // is 9 minus m9's trailing zeros. (EnvelopeTextTests compares the output with "R" on 400 k values.)
            var scaled = Math.Round(value * 1e9);
            if (scaled / 1e9 != value) return false;
            // Whole part, '.', the nine fraction digits, then m9's trailing zeros dropped (one '0' stays: "40211.0").
            var m9 = (long)scaled;
            var integral = (uint)(m9 / 1_000_000_000); // < 10^6
            var at = integral < 10 ? 1 : integral < 100 ? 2 : integral < 1_000 ? 3 : integral < 10_000 ? 4 : integral < 100_000 ? 5 : 6;
            WriteDigits(destination[..at], integral);
            destination[at++] = (byte)'.';
            WriteDigits(destination.Slice(at, 9), (uint)(m9 - integral * 1_000_000_000));
            var end = at + 9;
            while (end > at + 1 && destination[end - 1] == (byte)'0') end--;
            written = end;
            return true;
        }
        else if (!TrySmallestDecimals(value, out m, out k)) return false;
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

    private const double MaxSingleStep = 1e6;

    /// <summary>Writes <paramref name="value"/> as exactly <c>destination.Length</c> digits, zero-padded, two at a time.</summary>
    public static void WriteDigits(Span<byte> destination, uint value)
    {
        var i = destination.Length;
        while (i >= 2)
        {
            var q = value / 100;
            var pair = (int)(value - q * 100) * 2;
            destination[--i] = DigitPairs[pair + 1];
            destination[--i] = DigitPairs[pair];
            value = q;
        }
        if (i == 1) destination[0] = (byte)('0' + value % 10);
    }

    private static ReadOnlySpan<byte> DigitPairs =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

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
