namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// Counters of one publisher, as a snapshot (metrics export reads these later). Mirrors upstream's
/// <c>kafka_produce_success_total{topic}</c> and <c>kafka_produce_errors_total{topic,error_class}</c>.
/// </summary>
/// <param name="Published">Records handed to the client.</param>
/// <param name="Delivered">Records acknowledged.</param>
/// <param name="Failed">Records whose delivery failed.</param>
/// <param name="Buffered">Records handed to the client and not yet acknowledged or failed.</param>
/// <param name="BackpressureWaits">Times <c>PublishAsync</c> had to wait for buffer room.</param>
/// <param name="BackpressureWaitTime">Total time spent waiting for buffer room.</param>
/// <param name="SuccessByTopic">Acknowledged records per topic.</param>
/// <param name="FailuresByTopicAndClass">Failed records per (topic, error class).</param>
public sealed record KafkaPublisherStats(
    long Published,
    long Delivered,
    long Failed,
    long Buffered,
    long BackpressureWaits,
    TimeSpan BackpressureWaitTime,
    IReadOnlyDictionary<string, long> SuccessByTopic,
    IReadOnlyDictionary<(string Topic, string ErrorClass), long> FailuresByTopicAndClass);
