namespace Torghut.Host.Transport;

/// <summary>
/// Publishes records to the transport (Kafka or in-process). Nothing above this interface knows which one runs.
/// Publishing is asynchronous: <see cref="PublishAsync"/> enqueues into a bounded buffer and returns; delivery is
/// reported through <see cref="Health"/> and metrics. When the buffer is full, <see cref="PublishAsync"/> waits for
/// room (backpressure onto the websocket reader, which the venue sees as a slow client) rather than dropping data.
/// </summary>
public interface IRecordPublisher : IAsyncDisposable
{
    /// <summary>Enqueues one record; completes once it is buffered (not once it is delivered).</summary>
    ValueTask PublishAsync(TransportRecord record, CancellationToken cancellationToken = default);

    /// <summary>Waits until every record buffered so far is delivered or failed, or the timeout passes.</summary>
    /// <returns>True when nothing is left in flight.</returns>
    Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Current delivery health (readiness gate input).</summary>
    TransportHealth Health { get; }
}

/// <summary>Delivery health of a publisher.</summary>
/// <param name="Ready">False after 3 consecutive delivery failures or a failed metadata probe; true again on the next success.</param>
/// <param name="ErrorClass">Stable id of the last failure class (<c>kafka_auth</c>, <c>kafka_metadata</c>, <c>kafka_produce</c>), or null.</param>
/// <param name="ConsecutiveFailures">Delivery failures since the last success.</param>
/// <param name="Buffered">Records buffered and not yet delivered.</param>
/// <param name="Delivered">Records acknowledged since start.</param>
/// <param name="Failed">Records that failed delivery since start.</param>
public sealed record TransportHealth(bool Ready, string? ErrorClass, int ConsecutiveFailures, long Buffered, long Delivered, long Failed);

/// <summary>
/// Reads records from the transport in a consumer group (TA workers). Offsets are committed only through
/// <see cref="CommitOffsetsAsync"/> (or <see cref="RecordSubscriberExtensions.CommitAsync"/>), after the consumer's own outputs are durable.
/// </summary>
public interface IRecordSubscriber : IAsyncDisposable
{
    /// <summary>Subscribes to topics; partitions are shared among the group's members.</summary>
    void Subscribe(IReadOnlyList<string> topics);

    /// <summary>The next record, or null when none arrived within the timeout.</summary>
    ValueTask<ConsumedRecord?> ConsumeAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>
    /// Partitions the group gave to or took from this member since the last call, in the order it happened. The group
    /// protocol reports them while <see cref="ConsumeAsync"/> runs; a reader drains them after each consume, before it
    /// handles the record returned, so it never mixes state of a partition it lost with one it got.
    /// </summary>
    IReadOnlyList<OwnershipChange> TakeOwnershipChanges();

    /// <summary>Commits, per partition, the next offset a member taking the partition over starts reading from.</summary>
    Task CommitOffsetsAsync(IReadOnlyList<PartitionOffset> offsets, CancellationToken cancellationToken = default);
}

/// <summary>A record read from a partition.</summary>
public sealed record ConsumedRecord(TransportRecord Record, int Partition, long Offset, DateTimeOffset Timestamp);

/// <summary>A partition this member got (<paramref name="Assigned"/>) or lost.</summary>
/// <param name="CommittedOffset">For an assigned partition: the group's committed offset, where reading resumes; null when the group has none (reading starts at auto.offset.reset).</param>
/// <param name="Lost">Taken without a clean hand-over (session expired): another member may already own it.</param>
public sealed record OwnershipChange(string Topic, int Partition, bool Assigned, long? CommittedOffset, bool Lost = false);

/// <summary>The next offset to read from one partition: what a commit stores.</summary>
public readonly record struct PartitionOffset(string Topic, int Partition, long NextOffset);

public static class RecordSubscriberExtensions
{
    /// <summary>
    /// Commits everything consumed up to and including the given records' offsets: per partition, the highest
    /// consumed offset + 1 (a committed offset is the NEXT one to read), for every transport alike.
    /// </summary>
    public static Task CommitAsync(this IRecordSubscriber subscriber, IReadOnlyList<ConsumedRecord> records, CancellationToken cancellationToken = default)
    {
        var next = new Dictionary<(string Topic, int Partition), long>();
        foreach (var r in records)
        {
            var key = (r.Record.Topic, r.Partition);
            if (!next.TryGetValue(key, out var current) || r.Offset + 1 > current) next[key] = r.Offset + 1;
        }
        return subscriber.CommitOffsetsAsync(next.Select(kv => new PartitionOffset(kv.Key.Topic, kv.Key.Partition, kv.Value)).ToList(), cancellationToken);
    }
}
