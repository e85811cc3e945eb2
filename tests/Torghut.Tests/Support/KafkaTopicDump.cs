using Confluent.Kafka;

namespace Torghut.Tests.Support;

/// <summary>
/// Reads every record of the given topics' partitions from the beginning, once producers have stopped: done when
/// each partition has reported its end and nothing new arrived for a short quiet period. A "quiet for 3 s" loop alone
/// returned nothing on a loaded machine, when fetching the first batch took longer than the quiet period.
/// </summary>
public static class KafkaTopicDump
{
    public static List<ConsumeResult<string, string>> ReadAll(string bootstrap, IEnumerable<string> topics, int partitions = 3,
        TimeSpan? timeout = null)
    {
        var assigned = topics.SelectMany(t => Enumerable.Range(0, partitions).Select(p => new TopicPartition(t, p))).ToList();
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = "dump-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false, EnablePartitionEof = true,
        }).Build();
        consumer.Assign(assigned.Select(tp => new TopicPartitionOffset(tp, Offset.Beginning)));
        var records = new List<ConsumeResult<string, string>>();
        var atEnd = new HashSet<TopicPartition>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        var quietSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null)
            {
                if (atEnd.Count == assigned.Count && DateTime.UtcNow - quietSince > TimeSpan.FromSeconds(1))
                {
                    // End-of-partition is only as good as the fetch that reported it: confirm against the broker's
                    // watermarks, and keep reading if a partition holds more than was read.
                    var behind = Behind(consumer, assigned, records);
                    if (behind.Count == 0) return records;
                    foreach (var tp in behind) atEnd.Remove(tp);
                    quietSince = DateTime.UtcNow;
                }
                continue;
            }
            quietSince = DateTime.UtcNow;
            if (r.IsPartitionEOF) { atEnd.Add(r.TopicPartition); continue; }
            atEnd.Remove(r.TopicPartition);
            records.Add(r);
        }
        throw new TimeoutException($"reading {string.Join(",", assigned)}: only {atEnd.Count}/{assigned.Count} partitions reached their end; " +
                                   $"read per partition: {string.Join(", ", records.GroupBy(r => r.TopicPartition).Select(g => $"{g.Key} {g.Count()}"))}");
    }

    private static List<TopicPartition> Behind(IConsumer<string, string> consumer, List<TopicPartition> assigned, List<ConsumeResult<string, string>> records)
    {
        var read = records.GroupBy(r => r.TopicPartition).ToDictionary(g => g.Key, g => g.Count());
        var behind = new List<TopicPartition>();
        foreach (var tp in assigned)
        {
            var marks = consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
            if (read.GetValueOrDefault(tp) < marks.High.Value - marks.Low.Value) behind.Add(tp);
        }
        return behind;
    }
}
