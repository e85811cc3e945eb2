using System.Diagnostics;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Analysis.Signals;
using Torghut.Host.Storage;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>ta-history</c>: ns per bar of one symbol's 1 s signal series (<see cref="SignalSeries"/>: EMA/MACD, RSI,
/// Bollinger, session and 5 m VWAP, realized vol) as its history grows from 1 k to 1 M bars. Every indicator is
/// meant to be O(1) per bar with bounded state, so the cost per bar must not rise with history: PASS when the
/// largest size's ns/bar is within 1.5× of the smallest's. Any per-bar cost that grows with history (a scan, an
/// unbounded list) would raise the average over N bars roughly linearly in N, so the averages expose it.
/// </summary>
public static class TaHistoryBenchmark
{
    public const double MaxGrowth = 1.5;
    private static readonly int[] Sizes = [1_000, 10_000, 100_000, 1_000_000];
    private const long BarsPerSize = 3_000_000; // each size repeats until this many bars were timed, at least 3 times
    private const int OutputFlush = 1_000;      // a consumer drains the signals; retained memory stays bounded
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2);

    public static IReadOnlyList<BenchResult> Run(TextWriter log)
    {
        var (closes, volumes) = Walk(Sizes[^1]);
        var nsPerBar = new double[Sizes.Length];
        var thread = new Thread(() =>
        {
            var warm = Stopwatch.StartNew();
            while (warm.Elapsed < Warmup) Feed(closes, volumes, 100_000);
            for (var s = 0; s < Sizes.Length; s++)
            {
                var n = Sizes[s];
                var repeats = (int)Math.Max(3, BarsPerSize / n);
                var samples = new double[repeats];
                for (var r = 0; r < repeats; r++) samples[r] = Feed(closes, volumes, n) / n;
                Array.Sort(samples);
                nsPerBar[s] = samples[repeats / 2]; // median: one GC pause must not decide a size's number
            }
        }) { IsBackground = true, Priority = ThreadPriority.Highest };
        thread.Start();
        thread.Join();

        var results = new List<BenchResult>();
        var smallest = 1e9 / nsPerBar[0];
        for (var s = 0; s < Sizes.Length; s++)
        {
            log.WriteLine($"  {Sizes[s],9:N0} bars: {nsPerBar[s]:F1} ns/bar");
            var last = s == Sizes.Length - 1;
            results.Add(new BenchResult(
                $"ta-history ({Sizes[s]:N0} bars, one symbol, {nsPerBar[s]:F0} ns/bar){(last ? "" : ", diagnostic")}",
                $"SignalSeries.OnBar over {Sizes[s]:N0} bars (bars/s)", 1e9 / nsPerBar[s],
                $"same, {Sizes[0]:N0} bars ({nsPerBar[0]:F0} ns/bar)", smallest,
                last ? $"ns/bar ≤ {MaxGrowth}× the {Sizes[0]:N0}-bar run (ratio ≥ {1 / MaxGrowth:F2})" : "none: the curve between the ends",
                last ? nsPerBar[s] <= MaxGrowth * nsPerBar[0] : null));
        }
        return results;
    }

    /// <summary>Feeds the first <paramref name="n"/> bars to a fresh series; returns elapsed nanoseconds.</summary>
    private static double Feed(double[] closes, double[] volumes, int n)
    {
        var counters = new TaCounters();
        var series = new SignalSeries("BTC/USD", Cadence.OneSecond, new SignalOptions(), maxRevisionDepth: 14, counters);
        var output = new List<TaSignal>(OutputFlush);
        var start = NanoTimestamp.Parse("2026-02-23T14:30:00Z").UnixSeconds;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var end = NanoTimestamp.FromUnix(start + i + 1);
            // A window per bar, as the microbar aggregator allocates one per emitted bar.
            var window = new TaWindow("PT1S", "PT1S", NanoTimestamp.FromUnix(start + i), end);
            series.OnBar(new SeriesBar(end, start + i, end, true, "ta", window, closes[i], volumes[i]), null, output);
            if (output.Count >= OutputFlush) output.Clear();
        }
        var elapsed = clock.Elapsed.TotalNanoseconds;
        if (counters.Signals1s != n) throw new InvalidOperationException($"series emitted {counters.Signals1s} signals for {n} bars");
        return elapsed;
    }

    /// <summary>A seeded random walk of closes (±5 bp per bar) and volumes, so every indicator sees real movement.</summary>
    private static (double[] Closes, double[] Volumes) Walk(int n)
    {
        var rng = new Random(11);
        var closes = new double[n];
        var volumes = new double[n];
        var price = 68_000.0;
        for (var i = 0; i < n; i++)
        {
            price *= 1 + (rng.NextDouble() - 0.5) * 0.001;
            closes[i] = price;
            volumes[i] = rng.NextDouble() * 3;
        }
        return (closes, volumes);
    }
}
