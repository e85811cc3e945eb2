using System.Text.Json;
using Confluent.Kafka;
using Torghut.Abstractions;

namespace Torghut.Tests.Analysis;

/// <summary>One 1 s bar computed straight from trades: o/h/l/c by trade time, v = Σ size, count.</summary>
public sealed record TruthBucket(double Open, double High, double Low, double Close, double Volume, long Count);

/// <summary>The ground truth of the TA end-to-end tests: 1 s bars from every trade on the trades topic.</summary>
public static class TradesTopicTruth
{
    /// <summary>symbol → window start (epoch s) → bar. Reads all partitions until 3 s pass without a record.</summary>
    public static Dictionary<string, Dictionary<long, TruthBucket>> Read(string bootstrap, string topic = "torghut.trades.v1", int partitions = 3)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "truth-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var trades = new List<(string Symbol, NanoTimestamp T, double P, double S)>();
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow - quietSince < TimeSpan.FromSeconds(3))
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { IsPartitionEOF: false } r)
            {
                var payload = JsonDocument.Parse(r.Message.Value).RootElement.GetProperty("payload");
                trades.Add((payload.GetProperty("S").GetString()!, NanoTimestamp.Parse(payload.GetProperty("t").GetString()!),
                    payload.GetProperty("p").GetDouble(), payload.GetProperty("s").GetDouble()));
                quietSince = DateTime.UtcNow;
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
