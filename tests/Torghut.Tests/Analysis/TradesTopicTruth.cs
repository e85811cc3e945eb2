using System.Text.Json;
using Torghut.Abstractions;

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
}
