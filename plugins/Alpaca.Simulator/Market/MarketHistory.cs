namespace Alpaca.Simulator.Market;

/// <summary>Position of a trade or quote in a symbol's history: its time, then its index within its minute.</summary>
internal readonly record struct HistoryKey(long TimeNanos, int Index) : IComparable<HistoryKey>
{
    public int CompareTo(HistoryKey other) =>
        TimeNanos != other.TimeNanos ? TimeNanos.CompareTo(other.TimeNanos) : Index.CompareTo(other.Index);
}

/// <summary>
/// Trades and quotes as the venue's history knows them at a given instant: those with <c>t</c> in [from, to] whose
/// publish time has passed (a late trade only once it went out). REST trades/quotes and the ground truth read the
/// same sequence, in the order Alpaca sorts history: by time, then (same time) by trade id / arrival.
/// </summary>
internal static class MarketHistory
{
    public static IEnumerable<(SimEvent Event, HistoryKey Key)> Visible(
        MarketModel market, string symbol, bool trades, long from, long to, long now, bool desc = false, HistoryKey? resume = null)
    {
        to = Math.Min(to, now); // nothing is published before its own time
        if (resume is { } r)
        {
            if (desc) to = Math.Min(to, r.TimeNanos);
            else from = Math.Max(from, r.TimeNanos);
        }
        if (to < from) yield break;
        var first = MarketModel.MinuteOf(from);
        var last = MarketModel.MinuteOf(to);
        for (var m = desc ? last : first; desc ? m >= first : m <= last; m += desc ? -1 : 1)
        {
            var events = trades ? market.TradesOf(symbol, m) : market.QuotesOf(symbol, m);
            for (var j = 0; j < events.Length; j++)
            {
                var i = desc ? events.Length - 1 - j : j;
                var e = events[i];
                var key = new HistoryKey(e.TimeNanos, i);
                if (e.TimeNanos < from || e.TimeNanos > to || e.PublishNanos > now) continue;
                if (resume is { } k && (desc ? key.CompareTo(k) > 0 : key.CompareTo(k) < 0)) continue;
                yield return (e, key);
            }
        }
    }
}
