namespace Torghut.Host.Transport;

/// <summary>
/// Reads back what the transport already holds: the topics are the durable record of what was published, so a lane
/// starting (after a restart, a crash or a flag flip) learns from them where each symbol's record ends instead of
/// republishing blindly. Kafka reads the partitions holding the keys; the in-process transport scans its own logs.
/// </summary>
public interface ITopicReader
{
    /// <summary>
    /// Every record of <paramref name="topic"/> whose key is in <paramref name="keys"/> and that the transport stored
    /// at or after <paramref name="since"/> (record timestamp), oldest first per partition, up to the end the topic had
    /// when the call started.
    /// </summary>
    Task<IReadOnlyList<StoredTransportRecord>> ReadSinceAsync(string topic, IReadOnlyCollection<string> keys, DateTimeOffset since,
        CancellationToken cancellationToken = default);
}

/// <summary>A record read back from a topic, with the time the transport stored it.</summary>
public sealed record StoredTransportRecord(string Key, byte[] Value, DateTimeOffset Timestamp);
