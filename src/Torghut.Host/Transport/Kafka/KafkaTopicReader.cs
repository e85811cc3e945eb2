using Confluent.Kafka;

namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// <see cref="ITopicReader"/> over Kafka: finds the partitions holding the keys (murmur2, as the producer places
/// them) and reads each backwards in chunks from the high watermark it had when reading began, until a chunk starts
/// before <c>since</c> (by record timestamp) or the partition's start. Record timestamps rather than
/// offsets-for-times, which not every Kafka-protocol broker answers (librdkafka's mock cluster does not). No
/// consumer group: nothing is committed and no TA member is disturbed.
/// </summary>
public sealed class KafkaTopicReader(KafkaSettings settings) : ITopicReader
{
    private const int Chunk = 20_000;
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
            IsolationLevel = IsolationLevel.ReadUncommitted,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetKeyDeserializer(Deserializers.Utf8).SetValueDeserializer(Deserializers.ByteArray)
            .SetLogHandler((_, _) => { }).SetErrorHandler((_, _) => { })
            .Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var meta = admin.GetMetadata(topic, Step).Topics.FirstOrDefault(t => t.Topic == topic);
        if (meta is null || meta.Error.IsError) throw new KafkaException(meta?.Error ?? new Error(ErrorCode.UnknownTopicOrPart));
        var wanted = new HashSet<string>(keys, StringComparer.Ordinal);
        var result = new List<StoredTransportRecord>();
        foreach (var partition in keys.Select(k => Murmur2Partitioner.Partition(System.Text.Encoding.UTF8.GetBytes(k), meta.Partitions.Count)).Distinct())
        {
            var tp = new TopicPartition(topic, partition);
            var marks = consumer.QueryWatermarkOffsets(tp, Step);
            var chunks = new List<List<StoredTransportRecord>>();
            for (var end = marks.High.Value; end > marks.Low.Value;)
            {
                var start = Math.Max(marks.Low.Value, end - Chunk);
                var (records, oldest) = ReadRange(consumer, tp, start, end, wanted, ct);
                chunks.Add(records.Where(r => r.Timestamp >= since).ToList());
                if (oldest is { } o && o < since) break;
                end = start;
            }
            for (var i = chunks.Count - 1; i >= 0; i--) result.AddRange(chunks[i]);
        }
        return result;
    }

    /// <summary>Records of <paramref name="wanted"/> keys in [start, end), and the timestamp of the range's first record.</summary>
    private (List<StoredTransportRecord> Records, DateTimeOffset? Oldest) ReadRange(IConsumer<string, byte[]> consumer, TopicPartition tp, long start, long end,
        HashSet<string> wanted, CancellationToken ct)
    {
        consumer.Assign(new TopicPartitionOffset(tp, start));
        var records = new List<StoredTransportRecord>();
        DateTimeOffset? oldest = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(settings.RequestTimeoutMs / 1000.0 * 4 + 30);
        var next = start;
        while (next < end)
        {
            ct.ThrowIfCancellationRequested();
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"reading {tp}: stopped at offset {next} of [{start}, {end})");
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null || r.IsPartitionEOF) continue;
            next = r.Offset.Value + 1;
            if (r.Offset.Value >= end) break;
            DateTimeOffset ts = r.Message.Timestamp.UtcDateTime;
            oldest ??= ts;
            if (wanted.Contains(r.Message.Key)) records.Add(new StoredTransportRecord(r.Message.Key, r.Message.Value, ts));
        }
        consumer.Unassign();
        return (records, oldest);
    }
}
