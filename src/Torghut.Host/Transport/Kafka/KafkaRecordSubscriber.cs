using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// <see cref="IRecordSubscriber"/> over a Confluent.Kafka consumer in group <see cref="KafkaSettings.GroupId"/>:
/// no auto-commit (offsets move only through <see cref="CommitAsync"/>, after outputs are durable), read_committed,
/// start from committed offsets else <see cref="KafkaSettings.AutoOffsetReset"/>. Partition hand-overs (assigned,
/// revoked, lost) are queued for <see cref="TakeOwnershipChanges"/>, each assigned partition with the group's committed
/// offset. One subscriber is used by one reader at a time, like the underlying consumer.
/// </summary>
public sealed class KafkaRecordSubscriber : IRecordSubscriber
{
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);
    private readonly IConsumer<string, byte[]> _consumer;
    private static readonly TimeSpan CommittedLookupTimeout = TimeSpan.FromSeconds(30);
    private readonly ILogger _logger;
    private readonly object _changesLock = new();
    private List<OwnershipChange> _changes = [];
    private int _disposed;
    // Subscribed topics the cluster does not have, each logged once (an optional input, e.g. the corrections topic).
    private readonly HashSet<string> _missingTopics = new(StringComparer.Ordinal);

    public KafkaRecordSubscriber(KafkaSettings settings, ILogger<KafkaRecordSubscriber>? logger = null)
        : this(settings.ToConsumerConfig(), logger)
    {
    }

    /// <summary>For callers that adjust the consumer configuration (tests: group protocol, session timeouts).</summary>
    public KafkaRecordSubscriber(ConsumerConfig config, ILogger<KafkaRecordSubscriber>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var clientLog = new KafkaClientLog(_logger, "consumer");
        _consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetKeyDeserializer(Deserializers.Utf8)
            .SetValueDeserializer(Deserializers.ByteArray)
            .SetErrorHandler((_, e) => clientLog.Error(e))
            .SetLogHandler((_, m) => clientLog.Log(m, LogLevel.Debug))
            // The handlers run inside Consume, on the consuming thread; they only queue what happened.
            .SetPartitionsAssignedHandler((c, partitions) => OnAssigned(c, partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnTaken(partitions.Select(p => p.TopicPartition), lost: false))
            .SetPartitionsLostHandler((_, partitions) => OnTaken(partitions.Select(p => p.TopicPartition), lost: true))
            .Build();
    }

    private void OnAssigned(IConsumer<string, byte[]> consumer, List<TopicPartition> partitions)
    {
        if (partitions.Count == 0) return;
        // The reader must know where reading resumes (a committed offset, or auto.offset.reset): the TA worker treats
        // the first records after a committed offset as look-back context. Failing to learn it is fatal for the
        // hand-over, so the exception propagates out of Consume instead of guessing.
        var committed = consumer.Committed(partitions, CommittedLookupTimeout);
        var changes = committed.Select(c => new OwnershipChange(c.Topic, c.Partition.Value, Assigned: true,
            c.Offset.Value >= 0 ? c.Offset.Value : null)).ToList();
        lock (_changesLock) _changes.AddRange(changes);
        _logger.LogInformation("kafka partitions assigned: {Partitions}", string.Join(", ", changes.Select(c => $"{c.Topic}[{c.Partition}]@{c.CommittedOffset?.ToString() ?? "none"}")));
    }

    private void OnTaken(IEnumerable<TopicPartition> partitions, bool lost)
    {
        var changes = partitions.Select(p => new OwnershipChange(p.Topic, p.Partition.Value, Assigned: false, null, lost)).ToList();
        if (changes.Count == 0) return;
        lock (_changesLock) _changes.AddRange(changes);
        _logger.LogInformation("kafka partitions {How}: {Partitions}", lost ? "lost" : "revoked", string.Join(", ", changes.Select(c => $"{c.Topic}[{c.Partition}]")));
    }

    public IReadOnlyList<OwnershipChange> TakeOwnershipChanges()
    {
        lock (_changesLock)
        {
            if (_changes.Count == 0) return [];
            var taken = _changes;
            _changes = [];
            return taken;
        }
    }

    public void Subscribe(IReadOnlyList<string> topics) => _consumer.Subscribe(topics);

    public ValueTask<ConsumedRecord?> ConsumeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Fast path: a record already fetched is returned without leaving the caller's thread.
        var ready = ConsumeOrSkipMissingTopic(TimeSpan.Zero);
        if (ready is not null) return ValueTask.FromResult<ConsumedRecord?>(ToRecord(ready));
        if (timeout <= TimeSpan.Zero) return ValueTask.FromResult<ConsumedRecord?>(null);
        // Consume blocks; keep that off the caller's (async) thread.
        return new ValueTask<ConsumedRecord?>(Task.Run(() => ConsumeBlocking(timeout, cancellationToken), cancellationToken));
    }

    private ConsumedRecord? ConsumeBlocking(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return null;
            var result = ConsumeOrSkipMissingTopic(remaining < PollSlice ? remaining : PollSlice);
            if (result is not null) return ToRecord(result);
        }
    }

    /// <summary>
    /// One consume. A subscribed topic that does not exist (yet) surfaces as a consume error; the other topics keep
    /// flowing and the consumer picks the topic up once it is created, so it is logged once and skipped, not thrown.
    /// </summary>
    private ConsumeResult<string, byte[]>? ConsumeOrSkipMissingTopic(TimeSpan timeout)
    {
        try
        {
            return _consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (e.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic)
        {
            var topic = e.ConsumerRecord?.Topic ?? e.Error.Reason;
            if (_missingTopics.Add(topic))
                _logger.LogWarning("kafka consumer: subscribed topic not available ({Reason}); reading the others",
                    e.Error.Reason);
            return null;
        }
    }

    private static ConsumedRecord ToRecord(ConsumeResult<string, byte[]> result) =>
        new(new TransportRecord(result.Topic, result.Message.Key ?? "", result.Message.Value ?? []),
            result.Partition.Value, result.Offset.Value, result.Message.Timestamp.UtcDateTime);

    public Task CommitOffsetsAsync(IReadOnlyList<PartitionOffset> offsets, CancellationToken cancellationToken = default)
    {
        if (offsets.Count == 0) return Task.CompletedTask;
        var list = offsets.Select(o => new TopicPartitionOffset(o.Topic, o.Partition, o.NextOffset)).ToList();
        return Task.Run(() => _consumer.Commit(list), cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await Task.Run(() =>
        {
            // Leave the group so partitions move to the other members at once instead of after the session timeout.
            try { _consumer.Close(); }
            catch (KafkaException e) { _logger.LogWarning("kafka consumer close: {Reason}", e.Error.Reason); }
            _consumer.Dispose();
        }).ConfigureAwait(false);
    }
}
