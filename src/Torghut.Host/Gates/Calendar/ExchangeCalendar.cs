using System.Globalization;
using System.Text.Json;

namespace Torghut.Host.Gates.Calendar;

public enum SessionKind { Closed, Regular, EarlyClose }

/// <summary>One exchange day: its kind, and its regular and extended session bounds in UTC (null when closed).</summary>
public sealed record TradingDay(DateOnly Date, SessionKind Kind, string? Name,
    DateTimeOffset? Open, DateTimeOffset? Close, DateTimeOffset? ExtendedOpen, DateTimeOffset? ExtendedClose)
{
    public bool IsOpenAt(DateTimeOffset instant, bool extended) => Kind != SessionKind.Closed &&
        (extended ? instant >= ExtendedOpen && instant < ExtendedClose : instant >= Open && instant < Close);
}

/// <summary>
/// An exchange calendar kept as data (Gates/Calendar/nyse-calendar.json, embedded): session hours in the exchange's
/// time zone, full-day holidays and early closes. Weekends are closed. Days outside the covered years are treated as
/// regular weekdays (so SLOs keep being evaluated rather than going silent) and <see cref="Covers"/> says so.
/// Local times are converted with the America/New_York zone of the OS; where the image has no tzdata the US rule
/// (second Sunday of March to first Sunday of November, 02:00) stands in, which is what tzdata says since 2007.
/// </summary>
public sealed class ExchangeCalendar
{
    private readonly Dictionary<DateOnly, string> _holidays;
    private readonly Dictionary<DateOnly, string> _earlyCloses;
    private readonly TimeOnly _open, _close, _extendedOpen, _extendedClose, _earlyClose, _earlyExtendedClose;

    private ExchangeCalendar(CalendarFile file)
    {
        Exchange = file.Exchange;
        TimeZone = ResolveZone(file.TimeZone);
        CoversFrom = DateOnly.Parse(file.CoversFrom, CultureInfo.InvariantCulture);
        CoversTo = DateOnly.Parse(file.CoversTo, CultureInfo.InvariantCulture);
        _open = TimeOnly.Parse(file.Regular.Open, CultureInfo.InvariantCulture);
        _close = TimeOnly.Parse(file.Regular.Close, CultureInfo.InvariantCulture);
        _extendedOpen = TimeOnly.Parse(file.Extended.Open, CultureInfo.InvariantCulture);
        _extendedClose = TimeOnly.Parse(file.Extended.Close, CultureInfo.InvariantCulture);
        _earlyClose = TimeOnly.Parse(file.EarlyClose.Close, CultureInfo.InvariantCulture);
        _earlyExtendedClose = TimeOnly.Parse(file.EarlyClose.ExtendedClose, CultureInfo.InvariantCulture);
        _holidays = file.Holidays.ToDictionary(d => DateOnly.Parse(d.Date, CultureInfo.InvariantCulture), d => d.Name);
        _earlyCloses = file.EarlyCloses.ToDictionary(d => DateOnly.Parse(d.Date, CultureInfo.InvariantCulture), d => d.Name);
    }

    /// <summary>The NYSE calendar shipped with the host.</summary>
    public static ExchangeCalendar Nyse { get; } = Load("Torghut.Gates.Calendar.nyse-calendar.json");

    public string Exchange { get; }
    public TimeZoneInfo TimeZone { get; }
    public DateOnly CoversFrom { get; }
    public DateOnly CoversTo { get; }

    public bool Covers(DateOnly date) => date >= CoversFrom && date <= CoversTo;

    public static ExchangeCalendar Parse(string json) =>
        new(JsonSerializer.Deserialize<CalendarFile>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidDataException("calendar file is empty"));

    public TradingDay Day(DateOnly date)
    {
        if (date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) return new TradingDay(date, SessionKind.Closed, "weekend", null, null, null, null);
        if (_holidays.TryGetValue(date, out var holiday)) return new TradingDay(date, SessionKind.Closed, holiday, null, null, null, null);
        var early = _earlyCloses.TryGetValue(date, out var earlyName);
        return new TradingDay(date, early ? SessionKind.EarlyClose : SessionKind.Regular, early ? earlyName : null,
            Utc(date, _open), Utc(date, early ? _earlyClose : _close), Utc(date, _extendedOpen), Utc(date, early ? _earlyExtendedClose : _extendedClose));
    }

    /// <summary>The exchange-local date of an instant.</summary>
    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, TimeZone).DateTime);

    public bool IsOpen(DateTimeOffset instant, bool extended = false) => Day(LocalDate(instant)).IsOpenAt(instant, extended);

    /// <summary>Whether any session (regular or extended) overlaps [from, to).</summary>
    public bool OpenDuring(DateTimeOffset from, DateTimeOffset to, bool extended = false)
    {
        for (var date = LocalDate(from); date <= LocalDate(to); date = date.AddDays(1))
        {
            var day = Day(date);
            if (day.Kind == SessionKind.Closed) continue;
            var (open, close) = extended ? (day.ExtendedOpen!.Value, day.ExtendedClose!.Value) : (day.Open!.Value, day.Close!.Value);
            if (open < to && close > from) return true;
        }
        return false;
    }

    private DateTimeOffset Utc(DateOnly date, TimeOnly local)
    {
        var wall = date.ToDateTime(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, TimeZone.GetUtcOffset(wall)).ToUniversalTime();
    }

    private static ExchangeCalendar Load(string resource)
    {
        using var stream = typeof(ExchangeCalendar).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"embedded calendar {resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    private static TimeZoneInfo ResolveZone(string id)
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(id); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            if (id != "America/New_York") throw;
            var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 2, DayOfWeek.Sunday);
            var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 11, 1, DayOfWeek.Sunday);
            var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(new DateTime(2007, 1, 1), DateTime.MaxValue.Date, TimeSpan.FromHours(1), start, end);
            return TimeZoneInfo.CreateCustomTimeZone(id, TimeSpan.FromHours(-5), id, "EST", "EDT", [rule]);
        }
    }

    private sealed record CalendarFile(string Exchange, string TimeZone, string CoversFrom, string CoversTo, Hours Regular, Hours Extended,
        EarlyHours EarlyClose, IReadOnlyList<NamedDate> Holidays, IReadOnlyList<NamedDate> EarlyCloses);

    private sealed record Hours(string Open, string Close);

    private sealed record EarlyHours(string Close, string ExtendedClose);

    private sealed record NamedDate(string Date, string Name);
}
