using Confluent.Kafka;

namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// <see cref="ITopicReader"/> over Kafka: finds the partitions holding the keys (murmur2, as the producer places
/// them), starts each at the first offset stored at or after <c>since</c> (offsets-for-times) and reads to the high
/// watermark it had when reading began. No consumer group: nothing is committed and no TA member is disturbed.
/// </summary>
public sealed class KafkaTopicReader(KafkaSettings settings) : ITopicReader
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    public Task<IReadOnlyList<StoredTransportRecord>> ReadSinceAsync(string topic, IReadOnlyCollection<string> keys, DateTimeOffset since,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => Read(topic, keys, since, cancellationToken), cancellationToken);

    private IReadOnlyList<StoredTransportRecord> Read(string topic, IReadOnlyCollection<string> keys, DateTimeOffset since, CancellationToken ct)
    {
        var config = new ConsumerConfig(settings.ToConsumerConfig())
        {
            GroupId = "torghut-tail-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            IsolationLevel = IsolationLevel.ReadUncommitted,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetKeyDeserializer(Deserializers.Utf8).SetValueDeserializer(Deserializers.ByteArray)
            .SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { })
            .Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var meta = admin.GetMetadata(topic, Step).Topics.FirstOrDefault(t => t.Topic == topic);
        if (meta is null || meta.Error.IsError) throw new KafkaException(meta?.Error ?? new Error(ErrorCode.UnknownTopicOrPart));
        var count = meta.Partitions.Count;
        var wanted = new HashSet<string>(keys, StringComparer.Ordinal);
        var partitions = keys.Select(k => Murmur2Partitioner.Partition(System.Text.Encoding.UTF8.GetBytes(k), count)).Distinct()
            .Select(p => new TopicPartition(topic, p)).ToList();
        var starts = consumer.OffsetsForTimes(partitions.Select(p => new TopicPartitionTimestamp(p, new Timestamp(since.UtcDateTime))), Step);
        var ends = new Dictionary<int, long>();
        var assign = new List<TopicPartitionOffset>();
        foreach (var start in starts)
        {
            var high = consumer.QueryWatermarkOffsets(start.TopicPartition, Step).High.Value;
            // No record at or after `since` (offset End): nothing to read in this partition.
            if (start.Offset == Offset.End || start.Offset.Value < 0 || start.Offset.Value >= high) continue;
            ends[start.Partition.Value] = high;
            assign.Add(start);
        }
        var result = new List<StoredTransportRecord>();
        if (assign.Count == 0) return result;
        consumer.Assign(assign);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(settings.RequestTimeoutMs / 1000.0 * 4 + 30);
        while (ends.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"reading {topic}: partitions {string.Join(",", ends.Keys)} did not reach their end");
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null) continue;
            var p = r.Partition.Value;
            if (!r.IsPartitionEOF && wanted.Contains(r.Message.Key))
                result.Add(new StoredTransportRecord(r.Message.Key, r.Message.Value, r.Message.Timestamp.UtcDateTime));
            if (ends.TryGetValue(p, out var end) && (r.IsPartitionEOF ? r.Offset.Value : r.Offset.Value + 1) >= end) ends.Remove(p);
        }
        return result;
    }
}
