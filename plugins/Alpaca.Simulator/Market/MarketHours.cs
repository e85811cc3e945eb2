namespace Alpaca.Simulator.Market;

/// <summary>Which US equity session a minute falls in (America/New_York local time).</summary>
public enum EquitySession
{
    Closed,
    PreMarket,
    Regular,
    PostMarket,
}

/// <summary>
/// US equity hours: pre 04:00-09:30, regular 09:30-16:00, post 16:00-20:00 New York time, Monday-Friday.
/// Exchange holidays and half days are not modelled (documented in README). Crypto and the FAKEPACA test symbol
/// trade 24/7.
/// </summary>
public static class MarketHours
{
    public const string TestSymbol = "FAKEPACA";

    private static readonly TimeZoneInfo NewYork = FindNewYork();

    private static TimeZoneInfo FindNewYork()
    {
        foreach (var id in new[] { "America/New_York", "Eastern Standard Time" })
        {
            try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
            catch (TimeZoneNotFoundException) { }
            catch (InvalidTimeZoneException) { }
        }
        // Fallback without tzdata: fixed EST. Wrong by an hour in summer, but keeps the simulator usable.
        return TimeZoneInfo.CreateCustomTimeZone("EST-fallback", TimeSpan.FromHours(-5), "EST", "EST");
    }

    public static DateTime ToNewYork(DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, NewYork).DateTime;

    public static EquitySession SessionAt(long unixMinute)
    {
        var local = ToNewYork(DateTimeOffset.FromUnixTimeSeconds(unixMinute * 60));
        if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return EquitySession.Closed;
        var minuteOfDay = local.Hour * 60 + local.Minute;
        return minuteOfDay switch
        {
            < 4 * 60 => EquitySession.Closed,
            < 9 * 60 + 30 => EquitySession.PreMarket,
            < 16 * 60 => EquitySession.Regular,
            < 20 * 60 => EquitySession.PostMarket,
            _ => EquitySession.Closed,
        };
    }

    /// <summary>Start (unix minute) of the New York calendar day containing <paramref name="unixMinute"/>.</summary>
    public static long NewYorkDayStartMinute(long unixMinute)
    {
        var utc = DateTimeOffset.FromUnixTimeSeconds(unixMinute * 60);
        var local = ToNewYork(utc);
        var midnightLocal = local.Date;
        var offset = NewYork.GetUtcOffset(midnightLocal);
        return new DateTimeOffset(midnightLocal, offset).ToUnixTimeSeconds() / 60;
    }
}
