using System.Text;
using Confluent.Kafka;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Transport;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

/// <summary>The 1 m ground truth of the TA end-to-end tests: what one engine that read the whole bars topic emits.</summary>
public static class BarsTopicTruth
{
    public const string Topic = "torghut.bars.1m.v1";

    /// <summary>
    /// The 1 m signals of ONE engine that read every record of the bars topic in partition order (no hand-over, no
    /// quotes: imbalance is null), latest version per (symbol, seq) as the store keeps it.
    /// </summary>
    public static Dictionary<(string Symbol, long Seq), TaSignal> Signals1m(string bootstrap, int partitions = 3)
    {
        var engine = new TaEngine();
        var output = new TaOutput();
        foreach (var r in Torghut.Tests.Support.KafkaTopicDump.ReadAll(bootstrap, [Topic], partitions)
                     .OrderBy(r => r.Partition.Value).ThenBy(r => r.Offset.Value))
            engine.OnEnvelope(Encoding.UTF8.GetBytes(r.Message.Value), new NanoTimestamp(r.Message.Timestamp.UnixTimestampMs * 1_000_000), output);
        var latest = new Dictionary<(string, long), TaSignal>();
        foreach (var s in output.Signals) latest[(s.Symbol, s.Seq)] = s;
        return latest;
    }

    /// <summary>
    /// Publishes 1 m bars of <paramref name="symbols"/> from before a run, stamped with the record times ingest would
    /// have given them (a bar a minute after its start; an updatedBars revision 2.5 min after it, behind the next bar), each to its symbol's
    /// partition (Java murmur2, as ingest). Per partition: the first symbol's bar of T − 90 min, then every symbol's
    /// bars of T − 45 … T − 2 min (T: this minute), one revised. Returns T.
    /// </summary>
    public static NanoTimestamp PublishHistory(string bootstrap, IReadOnlyList<string> symbols, int partitions = 3)
    {
        var t = NanoTimestamp.FromUnix(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);
        var random = new Random(90);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, Acks = Acks.All }).Build();
        foreach (var group in symbols.GroupBy(s => Murmur2Partitioner.Partition(Encoding.UTF8.GetBytes(s), partitions)))
        {
            var records = new List<(long PublishedMs, string Symbol, byte[] Value)>();
            var price = 100.0;
            foreach (var symbol in group)
            {
                var minutes = (symbol == group.First() ? new[] { -90 } : []).Concat(Enumerable.Range(-45, 44));
                foreach (var m in minutes)
                {
                    var start = t.AddNanoseconds(m * 60_000_000_000L);
                    price = Math.Round(price * (1 + (random.NextDouble() - 0.5) * 0.004), 4);
                    var volume = Math.Round(random.NextDouble() * 20 + 0.01, 6);
                    records.Add((start.UnixMilliseconds + 60_000, symbol, TaEnvelopes.Bar(symbol, start, price, price, price, price, volume)));
                    if (m == -20)
                        records.Add((start.UnixMilliseconds + 150_000, symbol,
                            TaEnvelopes.Bar(symbol, start, price, price, price, price + 0.5, volume + 3, channel: "updatedBars")));
                }
            }
            foreach (var (publishedMs, symbol, value) in records.OrderBy(r => r.PublishedMs))
                producer.Produce(new TopicPartition(Topic, group.Key), new Message<string, byte[]>
                {
                    Key = symbol, Value = value, Timestamp = new Timestamp(DateTimeOffset.FromUnixTimeMilliseconds(publishedMs)),
                });
        }
        producer.Flush(TimeSpan.FromSeconds(30)).ShouldBe(0, "bars history not delivered");
        return t;
    }
}
