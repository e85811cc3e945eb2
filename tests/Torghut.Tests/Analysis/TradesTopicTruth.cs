using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Analysis.Signals;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

/// <summary>One 1 s bar computed straight from trades: o/h/l/c by trade time, v = Σ size, count.</summary>
public sealed record TruthBucket(double Open, double High, double Low, double Close, double Volume, long Count);

/// <summary>The ground truth of the TA end-to-end tests: 1 s bars from every trade on the trades topic.</summary>
public static class TradesTopicTruth
{
    /// <summary>symbol → window start (epoch s) → bar. Reads every partition to its end.</summary>
    public static Dictionary<string, Dictionary<long, TruthBucket>> Read(string bootstrap, string topic = "torghut.trades.v1", int partitions = 3)
    {
        var trades = new List<(string Symbol, NanoTimestamp T, double P, double S)>();
        foreach (var r in Torghut.Tests.Support.KafkaTopicDump.ReadAll(bootstrap, [topic], partitions))
        {
            var payload = JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("payload");
            trades.Add((payload.GetProperty("S").GetString()!, NanoTimestamp.Parse(payload.GetProperty("t").GetString()!),
                payload.GetProperty("p").GetDouble(), payload.GetProperty("s").GetDouble()));
        }
        return trades.GroupBy(t => t.Symbol).ToDictionary(g => g.Key, g => g
            .GroupBy(t => t.T.UnixSeconds)
            .ToDictionary(s => s.Key, s =>
            {
                var ordered = s.OrderBy(t => t.T).ToList();
                return new TruthBucket(ordered[0].P, ordered.Max(t => t.P), ordered.Min(t => t.P), ordered[^1].P, ordered.Sum(t => t.S), ordered.Count);
            }));
    }

    /// <summary>
    /// The 1 s signals of one symbol as ONE series that saw every bar computes them (no hand-over): a fresh
    /// <see cref="SignalSeries"/> with the default signal settings over <paramref name="bars"/> in time order.
    /// Keyed by seq (window start, epoch s). No quotes: imbalance is always null here.
    /// </summary>
    public static Dictionary<long, TaSignal> Signals1s(string symbol, Dictionary<long, TruthBucket> bars)
    {
        var series = new SignalSeries(symbol, Cadence.OneSecond, new SignalOptions(), maxRevisionDepth: 16, new TaCounters());
        var output = new List<TaSignal>();
        foreach (var (second, bar) in bars.OrderBy(kv => kv.Key))
        {
            var end = NanoTimestamp.FromUnix(second + 1);
            series.OnBar(new SeriesBar(end, second, end, true, "ta", new TaWindow("PT1S", "PT1S", NanoTimestamp.FromUnix(second), end),
                bar.Close, bar.Volume), null, output);
        }
        return output.ToDictionary(s => s.Seq);
    }
}
