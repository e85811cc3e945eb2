using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Analysis.Signals;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

public sealed class SignalSeriesTests
{
    private static readonly NanoTimestamp Start = NanoTimestamp.Parse("2026-02-22T22:00:00Z");
    private static readonly TaWindow W = new("PT1S", "PT1S", null, null);

    private static SeriesBar Bar(long t, double c, double v = 1) => new(new NanoTimestamp(t), t / 1_000_000_000, default, true, "ta", W, c, v);

    private static SignalSeries Series(TaCounters? counters = null, string symbol = "BTC/USD") =>
        new(symbol, Cadence.OneSecond, new SignalOptions(), 16, counters ?? new TaCounters());

    private static void Close(double? actual, double? expected, string what)
    {
        if (expected is null) { actual.ShouldBeNull(what); return; }
        actual.ShouldNotBeNull(what);
        var tol = 1e-9 * Math.Max(Math.Abs(expected.Value), 1e-300);
        Math.Abs(actual.Value - expected.Value).ShouldBeLessThanOrEqualTo(tol, what);
    }

    [Fact]
    public void Hand_computed_first_bars()
    {
        var series = Series();
        var output = new List<TaSignal>();
        series.OnBar(Bar(Start.UnixNanoseconds, 10, 2), null, output);
        series.OnBar(Bar(Start.UnixNanoseconds + 1_000_000_000, 13, 1), null, output);
        var s0 = output[0];
        s0.Ema.ShouldBe(new EmaValues(10, 10));   // seeded with the first close (upstream)
        s0.Macd.ShouldBe(new MacdValues(0, 0, 0));
        s0.Rsi14.ShouldBeNull();
        s0.Boll.ShouldBeNull();
        s0.VolRealizedW60s.ShouldBeNull();
        s0.Vwap.ShouldBe(new VwapValues(10, 10));
        var s1 = output[1];
        s1.Ema!.Ema12.ShouldBe(10 + 3 * 2.0 / 13, 1e-12);
        s1.Ema.Ema26.ShouldBe(10 + 3 * 2.0 / 27, 1e-12);
        var macd = 3 * 2.0 / 13 - 3 * 2.0 / 27;
        s1.Macd!.Macd.ShouldBe(macd, 1e-12);
        s1.Macd.Signal.ShouldBe(0.2 * macd, 1e-12);
        s1.Macd.Hist.ShouldBe(0.8 * macd, 1e-12);
        s1.Vwap!.Session.ShouldBe((10 * 2 + 13) / 3.0, 1e-12);
        s1.VolRealizedW60s.ShouldBe(0.0);          // one return: σ = 0
    }

    [Fact]
    public void Rsi_bollinger_and_realized_vol_warm_up_then_match_hand_values()
    {
        var series = Series();
        var output = new List<TaSignal>();
        // closes 1..15 alternate +2/−1: 14 changes, 7 gains of 2, 7 losses of 1 → RS = 2 → RSI = 66.666…
        double c = 100;
        for (int i = 0; i < 20; i++)
        {
            if (i > 0) c += i % 2 == 1 ? 2 : -1;
            series.OnBar(Bar(Start.UnixNanoseconds + i * 1_000_000_000L, c), null, output);
        }
        output[13].Rsi14.ShouldBeNull();
        output[14].Rsi14!.Value.ShouldBe(100 - 100 / 3.0, 1e-9);
        output[18].Boll.ShouldBeNull();
        var closes = output.Select((_, i) => 100.0 + (i + 1) / 2 * 2 - i / 2).ToArray();
        var boll = output[19].Boll.ShouldNotBeNull();
        var mean = closes.Average();
        boll.Mid.ShouldBe(mean, 1e-9);
        boll.Upper.ShouldBe(mean + 2 * Math.Sqrt(closes.Sum(x => (x - mean) * (x - mean)) / 20), 1e-9);
    }

    [Theory]
    [InlineData(100.0, 0.001)]
    [InlineData(68_000.0, 0.0001)]
    public void Incremental_equals_batch_on_ten_thousand_random_bars(double price0, double step)
    {
        const int n = 10_000;
        var rng = new Random(7);
        var t = new long[n]; var c = new double[n]; var v = new double[n];
        long time = Start.UnixNanoseconds;
        double price = price0;
        for (int i = 0; i < n; i++)
        {
            time += (rng.Next(4) == 0 ? rng.Next(2, 40) : 1) * 1_000_000_000L; // gaps: 300 s ≠ 300 bars; crosses UTC midnight
            price *= Math.Exp((rng.NextDouble() - 0.5) * 2 * step);
            t[i] = time; c[i] = price; v[i] = rng.NextDouble() * 3 + 0.001;
        }
        var counters = new TaCounters();
        var series = Series(counters);
        var output = new List<TaSignal>();
        for (int i = 0; i < n; i++) series.OnBar(Bar(t[i], c[i], v[i]), null, output);
        output.Count.ShouldBe(n);
        for (int i = 0; i < n; i++)
        {
            var s = output[i];
            Close(s.Ema!.Ema12, IndicatorReference.Ema(c, i, 12), $"ema12 @{i}");
            Close(s.Ema.Ema26, IndicatorReference.Ema(c, i, 26), $"ema26 @{i}");
            var (macd, sig) = IndicatorReference.Macd(c, i);
            Close(s.Macd!.Macd, macd, $"macd @{i}");
            Close(s.Macd.Signal, sig, $"signal @{i}");
            Close(s.Rsi14, IndicatorReference.Rsi(c, i), $"rsi @{i}");
            var boll = IndicatorReference.Boll(c, i);
            Close(s.Boll?.Mid, boll?.Mid, $"boll mid @{i}");
            Close(s.Boll?.Upper, boll is { } b ? b.Mid + 2 * b.Sigma : null, $"boll upper @{i}");
            Close(s.Boll?.Lower, boll is { } b2 ? b2.Mid - 2 * b2.Sigma : null, $"boll lower @{i}");
            Close(s.Boll is { } sb ? (sb.Upper - sb.Mid) / 2 : null, boll?.Sigma, $"boll sigma @{i}");
            Close(s.VolRealizedW60s, IndicatorReference.RealizedVol(c, i), $"rv @{i}");
            Close(s.Vwap!.W5m, IndicatorReference.WindowVwap(t, c, v, i, 300_000_000_000L), $"w5m @{i}");
            Close(s.Vwap.Session, IndicatorReference.SessionVwap(t, c, v, i, x => x / 86_400_000_000_000L), $"session @{i}");
        }
        counters.NonFiniteSuppressed.ShouldBe(0);
    }

    [Fact]
    public void Revisions_replayed_without_output_during_a_warm_up_are_not_counted_again()
    {
        var counters = new TaCounters();
        var series = Series(counters);   // revisions reach 16 bars back
        var bars = Enumerable.Range(0, 40).Select(i => Bar(Start.UnixNanoseconds + i * 1_000_000_000L, 100 + i)).ToList();
        foreach (var b in bars.Take(30)) series.OnBar(b, null, null);
        series.OnBar(bars[25] with { Close = 1 }, null, null);  // a revision inside the replayed context
        series.OnBar(bars[2] with { Close = 1 }, null, null);   // and one too deep for the history
        counters.SignalRevisions.ShouldBe(0, "the owner that saw them live counted them");
        counters.SignalRevisionsDropped.ShouldBe(0);

        var output = new List<TaSignal>();
        foreach (var b in bars.Skip(30)) series.OnBar(b, null, output);
        series.OnBar(bars[35] with { Close = 1 }, null, output);
        series.OnBar(bars[3] with { Close = 1 }, null, output);
        counters.SignalRevisions.ShouldBe(1, "live revisions still count");
        counters.SignalRevisionsDropped.ShouldBe(1);
        output.Count.ShouldBe(15, "10 live bars, then the revised bar and the four after it again");
    }

    [Fact]
    public void Revisions_recompute_forward_and_equal_a_clean_run()
    {
        var rng = new Random(3);
        var bars = Enumerable.Range(0, 401).Select(i => Bar(Start.UnixNanoseconds + i * 1_000_000_000L, 100 + rng.NextDouble(), 1 + rng.NextDouble())).ToList();
        var clean = new List<TaSignal>();
        var reference = Series();
        foreach (var b in bars) reference.OnBar(b, null, clean);

        var counters = new TaCounters();
        var revised = Series(counters);
        var output = new List<TaSignal>();
        for (int i = 0; i < 400; i++)
        {
            if (i == 395) continue;                                          // arrives late: inserted 5 bars back
            revised.OnBar(i == 390 ? bars[i] with { Close = 1 } : bars[i], null, output); // corrected later
        }
        revised.OnBar(bars[390], null, output);   // replaces the bar 9 back
        revised.OnBar(bars[395], null, output);   // inserted 4 back
        revised.OnBar(bars[400], null, output);   // and the series continues from the corrected state
        revised.OnBar(bars[10], null, output);    // far too deep: dropped
        counters.SignalRevisions.ShouldBe(2);
        counters.SignalRevisionsDropped.ShouldBe(1);
        // the store keeps the last emission per key: every bar must end up equal to the clean run
        var last = output.GroupBy(s => s.EventTs).ToDictionary(g => g.Key, g => g.Last());
        last.Count.ShouldBe(401);
        // Equal up to rounding: the rebuilt running sums recompute on a different phase than the clean run's.
        for (int i = 0; i <= 400; i++) Same(last[bars[i].Time], clean[i], i);
    }

    private static void Same(TaSignal a, TaSignal e, int i)
    {
        (a.EventTs, a.Seq).ShouldBe((e.EventTs, e.Seq));
        Close(a.Ema?.Ema12, e.Ema?.Ema12, $"ema12 {i}");
        Close(a.Ema?.Ema26, e.Ema?.Ema26, $"ema26 {i}");
        Close(a.Macd?.Signal, e.Macd?.Signal, $"signal {i}");
        Close(a.Rsi14, e.Rsi14, $"rsi {i}");
        Close(a.Boll?.Mid, e.Boll?.Mid, $"mid {i}");
        Close(a.Boll?.Upper, e.Boll?.Upper, $"upper {i}");
        Close(a.Vwap?.Session, e.Vwap?.Session, $"session {i}");
        Close(a.Vwap?.W5m, e.Vwap?.W5m, $"w5m {i}");
        Close(a.VolRealizedW60s, e.VolRealizedW60s, $"rv {i}");
    }
}
