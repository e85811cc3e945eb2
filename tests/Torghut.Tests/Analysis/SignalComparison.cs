using Torghut.Host.Analysis;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

/// <summary>Field-by-field comparison of two signal records: same keys, same null groups, values within a relative tolerance.</summary>
internal static class SignalComparison
{
    /// <summary>
    /// Every indicator value of <paramref name="actual"/> equals <paramref name="expected"/>'s within
    /// <paramref name="relative"/> (of the expected magnitude), and every null is a null. <paramref name="withImbalance"/>:
    /// the quote fields too (they depend on which quote a worker had seen when the bar closed, not only on the bars).
    /// </summary>
    public static void ShouldMatch(TaSignal actual, TaSignal expected, double relative, bool withImbalance = true)
    {
        var at = $"{expected.Symbol} {expected.Cadence} {expected.EventTs}";
        (actual.Symbol, actual.EventTs, actual.Seq, actual.Cadence).ShouldBe((expected.Symbol, expected.EventTs, expected.Seq, expected.Cadence), at);
        var a = Values(actual, withImbalance);
        var e = Values(expected, withImbalance);
        for (var i = 0; i < e.Length; i++)
        {
            var what = $"{at}: {e[i].Name}";
            if (e[i].Value is not { } x) { a[i].Value.ShouldBeNull(what); continue; }
            a[i].Value.ShouldNotBeNull(what);
            Math.Abs(a[i].Value!.Value - x).ShouldBeLessThanOrEqualTo(relative * Math.Max(Math.Abs(x), 1e-6), $"{what}: {a[i].Value:R} vs {x:R}");
        }
    }

    private static (string Name, double? Value)[] Values(TaSignal s, bool withImbalance)
    {
        (string, double?)[] values =
        [
            ("macd", s.Macd?.Macd), ("macd_signal", s.Macd?.Signal), ("macd_hist", s.Macd?.Hist), ("ema12", s.Ema?.Ema12), ("ema26", s.Ema?.Ema26),
            ("rsi14", s.Rsi14), ("boll_mid", s.Boll?.Mid), ("boll_upper", s.Boll?.Upper), ("boll_lower", s.Boll?.Lower),
            ("vwap_session", s.Vwap?.Session), ("vwap_w5m", s.Vwap?.W5m), ("vol_realized_w60s", s.VolRealizedW60s),
        ];
        if (!withImbalance) return values;
        return [.. values, ("imbalance_spread", s.Imbalance?.Spread), ("imbalance_bid_px", s.Imbalance?.BidPx), ("imbalance_ask_px", s.Imbalance?.AskPx),
            ("imbalance_bid_sz", s.Imbalance?.BidSz), ("imbalance_ask_sz", s.Imbalance?.AskSz)];
    }
}
