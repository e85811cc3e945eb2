using Torghut.Abstractions;

namespace Torghut.Host.Ingest.Backfill;

/// <summary>Checks a history page against what was asked, beyond what one item can tell.</summary>
public static class PageHygiene
{
    /// <summary>
    /// True when a bars page cannot be of <paramref name="asked"/>: a bar not aligned to it, or (for 1-minute bars)
    /// three or more bars of a symbol whose spacing is never one interval but always a multiple of a longer one, the
    /// signature of 5-minute or hourly bars served for a 1-minute request. Sparse 1-minute equity bars with irregular
    /// gaps keep a greatest common spacing of one minute and pass.
    /// </summary>
    public static bool WrongTimeframe(IReadOnlyList<Bar> bars, BarTimeframe asked)
    {
        if (asked.Unit != TimeframeUnit.Minute) return false;
        var step = asked.Length.Ticks * 100;
        foreach (var group in bars.GroupBy(b => b.Symbol))
        {
            long gcd = 0;
            long? previous = null;
            var count = 0;
            foreach (var t in group.Select(b => b.Timestamp.UnixNanoseconds).Order())
            {
                if (t % step != 0) return true;
                if (previous is { } p && t != p) gcd = Gcd(gcd, t - p);
                previous = t;
                count++;
            }
            if (count >= 3 && gcd > step) return true;
        }
        return false;
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a;
    }
}
