namespace Torghut.Host.Transport.Kafka;

/// <summary>Outcome of a metadata probe: partitions found per topic, or the first failure's class and a readable reason.</summary>
public sealed record KafkaProbeResult(bool Ok, string? ErrorClass, string? Detail, IReadOnlyDictionary<string, int> PartitionsByTopic);
