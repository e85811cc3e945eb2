using System.Buffers.Text;

namespace Torghut.Text;

// Shared source, compiled into Torghut.Host and into plugins/Alpaca.Shared (linked from each csproj): plugins may
// reference only Torghut.Abstractions, and these hot-path parsers are not part of the plugin contract.

/// <summary>
/// A JSON number token → finite double, with exactly the result of <c>Utf8JsonReader.TryGetDouble</c> (Utf8Parser over
/// the whole token; non-finite values refused). Market data is mostly short decimals (<c>68012.4</c>, <c>0.00421</c>),
/// which take Clinger's fast path: when the digits form an integer m ≤ 2^53 and there are k ≤ 22 fraction digits, both m
/// and 10^k are exact doubles, so the IEEE-rounded quotient m / 10^k is the correctly rounded value of the decimal —
/// the same double the (correctly rounding) Utf8Parser returns. Everything else (exponents, long mantissas, zero,
/// whose sign Utf8Parser decides) goes to Utf8Parser.
/// </summary>
internal static class JsonDouble
{
    private const ulong MaxExactMantissa = 1UL << 53;
    private static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ];

    /// <param name="token">A token already checked against the JSON number grammar.</param>
    public static bool TryParse(ReadOnlySpan<byte> token, out double value)
    {
        if (TryShortDecimal(token, out value)) return true;
        return Utf8Parser.TryParse(token, out value, out var used) && used == token.Length && double.IsFinite(value);
    }

    private static bool TryShortDecimal(ReadOnlySpan<byte> token, out double value)
    {
        value = 0;
        var i = 0;
        var negative = token.Length > 0 && token[0] == (byte)'-';
        if (negative) i++;
        ulong m = 0;
        var digits = 0;
        var fraction = -1; // index of the first fraction digit
        for (; i < token.Length; i++)
        {
            var b = token[i];
            var d = (uint)(b - '0');
            if (d <= 9)
            {
                if (++digits > 19) return false; // m could overflow; not a short decimal anyway
                m = m * 10 + d;
            }
            else if (b == (byte)'.' && fraction < 0) fraction = i + 1;
            else return false; // an exponent
        }
        var k = fraction < 0 ? 0 : token.Length - fraction;
        if (m == 0 || m > MaxExactMantissa || k > 22) return false;
        var v = (double)m / Pow10[k];
        value = negative ? -v : v;
        return true;
    }
}
