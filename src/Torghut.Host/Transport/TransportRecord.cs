namespace Torghut.Host.Transport;

/// <summary>
/// One record as it crosses the transport: Kafka topic, key (the symbol, UTF-8) and value (envelope JSON or Avro).
/// The in-process transport carries exactly these, so embedded mode exercises the same serialization as Kafka.
/// </summary>
public readonly record struct TransportRecord(string Topic, string Key, ReadOnlyMemory<byte> Value);
