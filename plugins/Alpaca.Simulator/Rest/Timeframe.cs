using System.Text.RegularExpressions;
using Alpaca.Simulator.Market;

namespace Alpaca.Simulator.Rest;

/// <summary>
/// A bar timeframe: N minutes (1-59), N hours (1-23) or 1 day. Minute/hour buckets align to UTC multiples;
/// daily bars start at New York midnight for stocks and UTC midnight for crypto. Week/Month are not supported.
/// </summary>
internal sealed partial record Timeframe(int Minutes, bool Daily)
{
    [GeneratedRegex("^([0-9]{1,2})(Min|T|Hour|H|Day|D)$")]
    private static partial Regex Pattern();

    public static Timeframe? Parse(string? text)
    {
        if (text is null) return null;
        var m = Pattern().Match(text);
        if (!m.Success) return null;
        var n = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch
        {
            "Min" or "T" when n is >= 1 and <= 59 => new Timeframe(n, false),
            "Hour" or "H" when n is >= 1 and <= 23 => new Timeframe(n * 60, false),
            "Day" or "D" when n == 1 => new Timeframe(1440, true),
            _ => null,
        };
    }

    public long BucketStart(string symbol, long minute) =>
        Daily ? MarketModel.DayStartMinute(symbol, minute) : FloorDiv(minute, Minutes) * Minutes;

    public long NextBucket(string symbol, long bucketStart) =>
        Daily ? MarketModel.DayStartMinute(symbol, bucketStart + 25 * 60) : bucketStart + Minutes;

    public long PreviousBucket(string symbol, long bucketStart) =>
        Daily ? MarketModel.DayStartMinute(symbol, bucketStart - 1) : bucketStart - Minutes;

    /// <summary>A different timeframe, for the wrong-timeframe fault: 5Min for 1Min, 1Min for other minute/hour frames, 1Hour for 1Day.</summary>
    public Timeframe Other() => Daily ? new Timeframe(60, false) : new Timeframe(Minutes == 1 ? 5 : 1, false);

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
