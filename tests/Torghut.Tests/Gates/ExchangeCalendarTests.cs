using Torghut.Abstractions;
using Torghut.Host.Gates.Calendar;

namespace Torghut.Tests.Gates;

/// <summary>The NYSE calendar kept as data: holidays, early closes, weekends, and New York's DST switches.</summary>
public sealed class ExchangeCalendarTests
{
    private static readonly ExchangeCalendar Nyse = ExchangeCalendar.Nyse;

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-11-26", "Thanksgiving Day")]
    [InlineData("2026-12-25", "Christmas Day")]
    [InlineData("2026-07-03", "Independence Day (observed)")]
    [InlineData("2026-04-03", "Good Friday")]
    [InlineData("2025-01-09", "National Day of Mourning for President Jimmy Carter")]
    [InlineData("2027-06-18", "Juneteenth National Independence Day (observed)")]
    [InlineData("2027-12-24", "Christmas Day (observed)")]
    public void Holidays_are_closed_all_day(string date, string name)
    {
        var day = Nyse.Day(DateOnly.Parse(date));
        day.Kind.ShouldBe(SessionKind.Closed);
        day.Name.ShouldBe(name);
        // 11:00 New York on that day is normally mid-session.
        Nyse.IsOpen(Utc($"{date}T16:00:00Z")).ShouldBeFalse();
        Nyse.IsOpen(Utc($"{date}T16:00:00Z"), extended: true).ShouldBeFalse();
    }

    [Fact]
    public void The_day_after_thanksgiving_closes_at_13_00_new_york()
    {
        var day = Nyse.Day(new DateOnly(2026, 11, 27));
        day.Kind.ShouldBe(SessionKind.EarlyClose);
        day.Open.ShouldBe(Utc("2026-11-27T14:30:00Z")); // 09:30 EST
        day.Close.ShouldBe(Utc("2026-11-27T18:00:00Z")); // 13:00 EST
        Nyse.IsOpen(Utc("2026-11-27T17:59:59Z")).ShouldBeTrue();
        Nyse.IsOpen(Utc("2026-11-27T18:00:00Z")).ShouldBeFalse();
        Nyse.IsOpen(Utc("2026-11-27T20:00:00Z")).ShouldBeFalse(); // 15:00: open on any other Friday
        Nyse.Day(new DateOnly(2026, 12, 24)).Close.ShouldBe(Utc("2026-12-24T18:00:00Z"));
        Nyse.Day(new DateOnly(2025, 7, 3)).Close.ShouldBe(Utc("2025-07-03T17:00:00Z")); // 13:00 EDT
    }

    [Fact]
    public void Weekends_are_closed_and_an_ordinary_weekday_is_open_from_09_30_to_16_00()
    {
        Nyse.IsOpen(Utc("2026-11-28T16:00:00Z")).ShouldBeFalse(); // Saturday
        Nyse.IsOpen(Utc("2026-11-29T16:00:00Z")).ShouldBeFalse(); // Sunday
        Nyse.IsOpen(Utc("2026-11-30T14:29:59Z")).ShouldBeFalse(); // Monday 09:29:59 EST
        Nyse.IsOpen(Utc("2026-11-30T14:30:00Z")).ShouldBeTrue();
        Nyse.IsOpen(Utc("2026-11-30T20:59:59Z")).ShouldBeTrue();
        Nyse.IsOpen(Utc("2026-11-30T21:00:00Z")).ShouldBeFalse(); // 16:00 EST
        Nyse.IsOpen(Utc("2026-11-30T21:00:00Z"), extended: true).ShouldBeTrue(); // post-market until 20:00
    }

    [Fact]
    public void Session_bounds_follow_new_york_daylight_saving_time()
    {
        // 2026: EDT from Sunday 8 March to Sunday 1 November.
        Nyse.Day(new DateOnly(2026, 3, 6)).Open.ShouldBe(Utc("2026-03-06T14:30:00Z"));  // Friday, EST
        Nyse.Day(new DateOnly(2026, 3, 9)).Open.ShouldBe(Utc("2026-03-09T13:30:00Z"));  // Monday, EDT
        Nyse.Day(new DateOnly(2026, 10, 30)).Close.ShouldBe(Utc("2026-10-30T20:00:00Z")); // Friday, EDT
        Nyse.Day(new DateOnly(2026, 11, 2)).Close.ShouldBe(Utc("2026-11-02T21:00:00Z"));  // Monday, EST
        Nyse.IsOpen(Utc("2026-03-09T13:45:00Z")).ShouldBeTrue();
        Nyse.IsOpen(Utc("2026-03-06T14:15:00Z")).ShouldBeFalse();
    }

    [Fact]
    public void Crypto_is_always_in_session_and_equity_only_when_the_exchange_is_open()
    {
        var hours = new MarketHours(
            Torghut.Host.Gates.GatesOptions.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()));
        var christmasNoon = Utc("2026-12-25T17:00:00Z");
        hours.IsOpen(Market.Crypto, christmasNoon).ShouldBeTrue();
        hours.IsOpen(Market.Equity, christmasNoon).ShouldBeFalse();
        hours.IsOpen(Market.Equity, Utc("2026-12-28T17:00:00Z")).ShouldBeTrue();
        // Over the Christmas weekend no session at all; a window reaching Monday's open has one.
        hours.OpenDuring(Market.Equity, Utc("2026-12-25T00:00:00Z"), Utc("2026-12-28T14:00:00Z")).ShouldBeFalse();
        hours.OpenDuring(Market.Equity, Utc("2026-12-25T00:00:00Z"), Utc("2026-12-28T15:00:00Z")).ShouldBeTrue();
        Nyse.Covers(new DateOnly(2027, 12, 31)).ShouldBeTrue();
        Nyse.Covers(new DateOnly(2028, 1, 3)).ShouldBeFalse();
    }
}
