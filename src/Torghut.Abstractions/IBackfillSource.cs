namespace Torghut.Abstractions;

/// <summary>Unit of a bar timeframe.</summary>
public enum TimeframeUnit
{
    /// <summary>Minutes (1–59).</summary>
    Minute,
    /// <summary>Hours (1–23).</summary>
    Hour,
    /// <summary>Days (1).</summary>
    Day,
    /// <summary>Weeks (1).</summary>
    Week,
    /// <summary>Months (1, 2, 3, 4, 6, 12).</summary>
    Month,
}

/// <summary>A bar timeframe such as <c>1Min</c> or <c>1Hour</c>.</summary>
/// <param name="Amount">How many units.</param>
/// <param name="Unit">The unit.</param>
public readonly record struct BarTimeframe(int Amount, TimeframeUnit Unit)
{
    /// <summary>One minute.</summary>
    public static BarTimeframe OneMinute => new(1, TimeframeUnit.Minute);

    /// <summary>The Alpaca-style text: <c>1Min</c>, <c>5Min</c>, <c>1Hour</c>, <c>1Day</c>, <c>1Week</c>, <c>1Month</c>.</summary>
    public override string ToString() => Amount + Unit switch
    {
        TimeframeUnit.Minute => "Min",
        TimeframeUnit.Hour => "Hour",
        TimeframeUnit.Day => "Day",
        TimeframeUnit.Week => "Week",
        _ => "Month",
    };

    /// <summary>The length of one bar; months count as 30 days (only used for paging windows).</summary>
    public TimeSpan Length => Unit switch
    {
        TimeframeUnit.Minute => TimeSpan.FromMinutes(Amount),
        TimeframeUnit.Hour => TimeSpan.FromHours(Amount),
        TimeframeUnit.Day => TimeSpan.FromDays(Amount),
        TimeframeUnit.Week => TimeSpan.FromDays(7 * Amount),
        _ => TimeSpan.FromDays(30 * Amount),
    };

    /// <summary>
    /// Parses <c>{n}Min|T</c>, <c>{n}Hour|H</c>, <c>1Day|D</c>, <c>1Week|W</c>, <c>{n}Month|M</c> with the ranges
    /// Alpaca accepts.
    /// </summary>
    public static bool TryParse(string? text, out BarTimeframe timeframe, out string? error)
    {
        timeframe = default;
        error = null;
        var s = text?.Trim() ?? "";
        int i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == 0 || !int.TryParse(s.AsSpan(0, i), out var n) || n <= 0)
        {
            error = $"timeframe '{text}' must start with a positive number";
            return false;
        }
        TimeframeUnit? unit = s[i..] switch
        {
            "Min" or "T" => TimeframeUnit.Minute,
            "Hour" or "H" => TimeframeUnit.Hour,
            "Day" or "D" => TimeframeUnit.Day,
            "Week" or "W" => TimeframeUnit.Week,
            "Month" or "M" => TimeframeUnit.Month,
            _ => null,
        };
        if (unit is null)
        {
            error = $"timeframe '{text}' has an unknown unit (use Min, Hour, Day, Week or Month)";
            return false;
        }
        var ok = unit switch
        {
            TimeframeUnit.Minute => n <= 59,
            TimeframeUnit.Hour => n <= 23,
            TimeframeUnit.Day or TimeframeUnit.Week => n == 1,
            _ => n is 1 or 2 or 3 or 4 or 6 or 12,
        };
        if (!ok)
        {
            error = $"timeframe '{text}' is out of range";
            return false;
        }
        timeframe = new BarTimeframe(n, unit.Value);
        return true;
    }
}

/// <summary>One page request for historical bars. Keep every field but <see cref="PageToken"/> unchanged across pages.</summary>
/// <param name="Symbols">Canonical symbols.</param>
/// <param name="Timeframe">Bar timeframe.</param>
/// <param name="Start">Inclusive start.</param>
/// <param name="End">Inclusive end.</param>
/// <param name="Limit">Page size (venue maximum applies).</param>
/// <param name="PageToken">The previous page's next-page token; null for the first page.</param>
/// <param name="Descending">Newest first when true.</param>
public sealed record BarsRequest(
    IReadOnlyList<string> Symbols,
    BarTimeframe Timeframe,
    NanoTimestamp? Start,
    NanoTimestamp? End,
    int? Limit = null,
    string? PageToken = null,
    bool Descending = false);

/// <summary>A built HTTP request: the host sends it and hands the body to <see cref="IBackfillSource.DecodePage"/>.</summary>
/// <param name="Uri">Absolute GET URI, query included.</param>
/// <param name="Headers">Headers to send (may hold credentials: never log them).</param>
public sealed record HttpRequestSpec(Uri Uri, IReadOnlyDictionary<string, string> Headers);

/// <summary>One decoded page of historical bars.</summary>
/// <param name="Bars">The bars, symbol filled in from the response where a bar omitted it.</param>
/// <param name="NextPageToken">The token for the next page; null on the last page.</param>
/// <param name="Errors">Elements that could not be decoded (skipped, counted by the host).</param>
public sealed record BarsPage(IReadOnlyList<Bar> Bars, string? NextPageToken, IReadOnlyList<DecodeError> Errors);

/// <summary>A venue's historical bar API for one lane.</summary>
public interface IBackfillSource
{
    /// <summary>The largest page size the venue accepts.</summary>
    int MaxPageSize { get; }

    /// <summary>Builds the request for one page.</summary>
    /// <param name="request">What to fetch.</param>
    /// <param name="credentials">Credentials, when the venue wants them.</param>
    /// <exception cref="ArgumentException">The request has no symbols or a value the venue cannot take.</exception>
    HttpRequestSpec BuildRequest(BarsRequest request, VenueCredentials? credentials);

    /// <summary>
    /// Decodes one response body. Unknown fields are ignored; an undecodable bar is reported in
    /// <see cref="BarsPage.Errors"/> and skipped.
    /// </summary>
    /// <exception cref="FormatException">The body is not a bars page at all (the host counts and retries).</exception>
    BarsPage DecodePage(ReadOnlySpan<byte> body);
}
