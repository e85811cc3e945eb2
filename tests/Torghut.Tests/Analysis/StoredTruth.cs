using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

/// <summary>
/// The end-to-end TA tests' verdict: what the store holds for a symbol, after its dedup, equals what the trades on
/// the topic make — no missing second, no extra one, exact o/h/l/c/v/count — and every bar has exactly one 1 s
/// signal row, equal to what one signal series over all the true bars computes.
/// </summary>
internal static class StoredTruth
{
    /// <summary>Asserts it for <paramref name="symbol"/>; returns the microbars compared.</summary>
    public static async Task<int> MicrobarsAndSignalsMatchAsync(ITaStore store, string symbol, Dictionary<long, TruthBucket> expected)
    {
        var from = NanoTimestamp.FromUnix(expected.Keys.Min());
        var to = NanoTimestamp.FromUnix(expected.Keys.Max() + 1);
        var stored = await store.MicrobarsAsync(symbol, from, to);
        stored.Select(b => b.EventTs.UnixSeconds - 1).ShouldBe(expected.Keys.Order().ToList(), $"{symbol}: stored seconds differ from the trades");
        foreach (var bar in stored)
        {
            var e = expected[bar.EventTs.UnixSeconds - 1];
            (bar.Open, bar.High, bar.Low, bar.Close, bar.Count).ShouldBe((e.Open, e.High, e.Low, e.Close, e.Count), $"{symbol} {bar.EventTs}");
            bar.Volume.ShouldBe(e.Volume, 1e-9);
        }
        // Only the summation order of a bar's volume can differ from one series over the true bars. Imbalance is left
        // out: it depends on which quote a worker had seen when it emitted the bar, not on the bars.
        var signals = await store.SignalsAsync(symbol, Cadence.OneSecond, from, to);
        signals.Select(s => s.EventTs).ShouldBe(stored.Select(b => b.EventTs).ToList(), $"{symbol}: one 1 s signal per microbar");
        var truthSignals = TradesTopicTruth.Signals1s(symbol, expected);
        foreach (var signal in signals) SignalComparison.ShouldMatch(signal, truthSignals[signal.Seq], 1e-9, withImbalance: false);
        return stored.Count;
    }
}
