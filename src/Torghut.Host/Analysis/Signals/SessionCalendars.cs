using Torghut.Abstractions;

namespace Torghut.Host.Analysis.Signals;

/// <summary>Which trading session an instant belongs to; session VWAP resets when the key changes.</summary>
public interface ISessionCalendar
{
    /// <summary>A number identifying the session of <paramref name="time"/> (e.g. a day number).</summary>
    long SessionKey(NanoTimestamp time);

    /// <summary>The first instant of the session <paramref name="time"/> is in (a warm-up sums the session's bars from it).</summary>
    NanoTimestamp SessionStart(NanoTimestamp time);
}

/// <summary>Crypto trades 24/7: one session per UTC day.</summary>
public sealed class UtcDaySession : ISessionCalendar
{
    public static readonly UtcDaySession Instance = new();
    public long SessionKey(NanoTimestamp time) => Math.DivRem(time.UnixSeconds, 86_400L, out var r) - (r < 0 ? 1 : 0);
    public NanoTimestamp SessionStart(NanoTimestamp time) => NanoTimestamp.FromUnix(SessionKey(time) * 86_400L);
}

/// <summary>
/// US equities: one session per America/New_York calendar day (pre-market 04:00 through post-market 20:00 share a
/// date). The US DST rule (second Sunday of March 02:00 → first Sunday of November 02:00, in force since 2007) is
/// computed here rather than read from the OS time-zone database, so results do not depend on the image's tzdata.
/// </summary>
public sealed class NewYorkTradingDaySession : ISessionCalendar
{
    public static readonly NewYorkTradingDaySession Instance = new();

    public long SessionKey(NanoTimestamp time)
    {
        var utcSeconds = time.UnixSeconds;
        var localSeconds = utcSeconds + OffsetSeconds(utcSeconds);
        return Math.DivRem(localSeconds, 86_400L, out var r) - (r < 0 ? 1 : 0);
    }

    /// <summary>New York midnight of the session's date: 05:00 UTC in EST, 04:00 UTC in EDT (DST switches at 02:00, never at midnight).</summary>
    public NanoTimestamp SessionStart(NanoTimestamp time)
    {
        var midnightAsUtc = SessionKey(time) * 86_400L;
        var edt = midnightAsUtc + 4 * 3600;
        return NanoTimestamp.FromUnix(OffsetSeconds(edt) == -4 * 3600 ? edt : midnightAsUtc + 5 * 3600);
    }

    /// <summary>UTC offset of New York at <paramref name="utcSeconds"/>: −4 h in DST, −5 h otherwise.</summary>
    public static long OffsetSeconds(long utcSeconds)
    {
        var year = DateTime.UnixEpoch.AddSeconds(utcSeconds).Year;
        var dstStartUtc = NthSunday(year, 3, 2) + 7 * 3600;  // 02:00 EST = 07:00 UTC
        var dstEndUtc = NthSunday(year, 11, 1) + 6 * 3600;   // 02:00 EDT = 06:00 UTC
        return utcSeconds >= dstStartUtc && utcSeconds < dstEndUtc ? -4 * 3600 : -5 * 3600;
    }

    private static long NthSunday(int year, int month, int n)
    {
        var first = new DateTime(year, month, 1, 0, 0, 0, DateTimeKind.Utc);
        var day = 1 + ((7 - (int)first.DayOfWeek) % 7) + 7 * (n - 1);
        return (long)(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).TotalSeconds;
    }

    /// <summary>The default market split: a <c>/</c> in the symbol means crypto (the canonical <c>BTC/USD</c> form).</summary>
    public static ISessionCalendar ForSymbol(string symbol) =>
        symbol.Contains('/') ? UtcDaySession.Instance : Instance;
}
