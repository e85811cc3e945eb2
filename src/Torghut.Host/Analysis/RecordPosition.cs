namespace Torghut.Host.Analysis;

/// <summary>One partition of one input topic: what a worker owns, tracks and commits.</summary>
public readonly record struct PartitionKey(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}[{Partition}]";
}

/// <summary>
/// Where an input record sits: its partition, offset and Kafka record timestamp, and whether it is look-back
/// <see cref="Context"/> (re-read after a hand-over only to rebuild state; it emits nothing). <c>default</c> means
/// "unknown" (unit tests, benchmarks): no freeze rule, no commit bookkeeping.
/// </summary>
public readonly record struct RecordPosition(PartitionKey Partition, long Offset, long TimestampNanos, bool Context = false)
{
    public bool Known => Partition.Topic is not null;
}
