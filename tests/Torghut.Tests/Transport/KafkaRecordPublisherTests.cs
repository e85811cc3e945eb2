using System.Text;
using Confluent.Kafka;
using Torghut.Host.Transport;
using Torghut.Host.Transport.InProcess;
using Torghut.Host.Transport.Kafka;
using Torghut.Tests.Support;

namespace Torghut.Tests.Transport;

[Collection(KafkaMockCollection.Name)]
public sealed class KafkaRecordPublisherTests(KafkaMockBroker broker)
{
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD", "AAPL", "MSFT", "NVDA", "TSM", "GOOG", "LRCX", "ARM", "MU", "CRWD"];

    [Theory]
    [InlineData("test.roundtrip.v1", 3)]
    [InlineData("test.roundtrip7.v1", 7)]
    public async Task Every_record_arrives_once_intact_on_the_murmur2_partition(string topic, int partitions)
    {
        const int count = 3000;
        var settings = KafkaTestSettings.From(("KAFKA_BOOTSTRAP", broker.Bootstrap));
        var expected = new Dictionary<string, string>(); // value → key
        await using (var publisher = new KafkaRecordPublisher(settings))
        {
            for (var i = 0; i < count; i++)
            {
                var key = Symbols[i % Symbols.Length];
                var value = $"{{\"seq\":{i},\"symbol\":\"{key}\",\"pad\":\"{new string('x', i % 50)}\"}}";
                expected[value] = key;
                await publisher.PublishAsync(new TransportRecord(topic, key, Encoding.UTF8.GetBytes(value)));
            }
            (await publisher.FlushAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue();
            var health = publisher.Health;
            health.Ready.ShouldBeTrue();
            health.Delivered.ShouldBe(count);
            health.Failed.ShouldBe(0);
            health.Buffered.ShouldBe(0);
            publisher.Stats.SuccessByTopic[topic].ShouldBe(count);
        }

        var inProcess = new InProcessTransport(partitions);
        var seen = new Dictionary<string, int>();
        using var consumer = KafkaTestSettings.Consumer(broker.Bootstrap, $"verify-{Guid.NewGuid():N}");
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (seen.Count < count && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is null) continue;
            var value = Encoding.UTF8.GetString(r.Message.Value);
            expected.ShouldContainKey(value);
            r.Message.Key.ShouldBe(expected[value]);
            r.Message.Headers.Count.ShouldBe(0);
            var predicted = Murmur2Partitioner.Partition(Encoding.UTF8.GetBytes(r.Message.Key), partitions);
            r.Partition.Value.ShouldBe(predicted, $"key {r.Message.Key}");
            inProcess.PartitionFor(r.Message.Key).ShouldBe(predicted);
            seen[value] = seen.GetValueOrDefault(value) + 1;
        }
        seen.Count.ShouldBe(count);
        seen.Values.ShouldAllBe(n => n == 1);
        // Nothing beyond the published records (no duplicates from retries).
        consumer.Consume(TimeSpan.FromMilliseconds(1000)).ShouldBeNull();
        consumer.Close();
    }

    [Fact]
    public async Task Probe_finds_existing_topics_and_their_partitions()
    {
        await using var publisher = new KafkaRecordPublisher(KafkaTestSettings.From(("KAFKA_BOOTSTRAP", broker.Bootstrap)));
        var result = await publisher.ProbeAsync(["test.probe.v1", "test.roundtrip7.v1"], TimeSpan.FromSeconds(20));
        result.Ok.ShouldBeTrue(result.Detail);
        result.PartitionsByTopic["test.probe.v1"].ShouldBe(3);
        result.PartitionsByTopic["test.roundtrip7.v1"].ShouldBe(7);
        publisher.Health.Ready.ShouldBeTrue();
    }

    [Fact]
    public async Task Probe_of_an_unreachable_cluster_turns_health_not_ready()
    {
        await using var publisher = new KafkaRecordPublisher(KafkaTestSettings.From(
            ("KAFKA_BOOTSTRAP", KafkaMockBroker.DeadBootstrap()), ("KAFKA_FLUSH_TIMEOUT_MS", "100")));
        var result = await publisher.ProbeAsync(["test.probe.v1"], TimeSpan.FromSeconds(2));
        result.Ok.ShouldBeFalse();
        result.ErrorClass.ShouldBe(KafkaErrorClass.Metadata);
        publisher.Health.Ready.ShouldBeFalse();
        publisher.Health.ErrorClass.ShouldBe(KafkaErrorClass.Metadata);
    }

    [Fact]
    public async Task Three_consecutive_delivery_failures_turn_health_not_ready_with_per_topic_counts()
    {
        await using var publisher = new KafkaRecordPublisher(KafkaTestSettings.From(
            ("KAFKA_BOOTSTRAP", KafkaMockBroker.DeadBootstrap()), ("KAFKA_DELIVERY_TIMEOUT_MS", "1000"),
            ("KAFKA_REQUEST_TIMEOUT_MS", "500"), ("KAFKA_FLUSH_TIMEOUT_MS", "100")));
        publisher.Health.Ready.ShouldBeTrue();
        for (var i = 0; i < 3; i++) await publisher.PublishAsync(new TransportRecord("dead.a", "BTC/USD", "{}"u8.ToArray()));
        for (var i = 0; i < 2; i++) await publisher.PublishAsync(new TransportRecord("dead.b", "ETH/USD", "{}"u8.ToArray()));

        await Eventually.HoldsAsync(() => publisher.Health.Failed == 5, "5 delivery failures", TimeSpan.FromSeconds(30));
        var health = publisher.Health;
        health.Ready.ShouldBeFalse();
        health.ConsecutiveFailures.ShouldBe(5);
        health.ErrorClass.ShouldBeOneOf(KafkaErrorClass.Metadata, KafkaErrorClass.Produce);
        health.Buffered.ShouldBe(0);
        var failures = publisher.Stats.FailuresByTopicAndClass;
        failures[("dead.a", health.ErrorClass!)].ShouldBe(3);
        failures[("dead.b", health.ErrorClass!)].ShouldBe(2);
        publisher.Stats.SuccessByTopic.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_full_buffer_makes_publish_wait_instead_of_growing()
    {
        await using var publisher = new KafkaRecordPublisher(KafkaTestSettings.From(
            ("KAFKA_BOOTSTRAP", KafkaMockBroker.DeadBootstrap()), ("KAFKA_BUFFER_RECORDS", "2"),
            ("KAFKA_DELIVERY_TIMEOUT_MS", "8000"), ("KAFKA_FLUSH_TIMEOUT_MS", "100")));
        var record = new TransportRecord("dead.backpressure", "BTC/USD", "{}"u8.ToArray());
        publisher.PublishAsync(record).IsCompletedSuccessfully.ShouldBeTrue();
        publisher.PublishAsync(record).IsCompletedSuccessfully.ShouldBeTrue();

        var third = publisher.PublishAsync(record).AsTask();
        await Task.Delay(500);
        third.IsCompleted.ShouldBeFalse("the buffer holds 2 records; the third must wait for room");
        publisher.Stats.Buffered.ShouldBe(2);
        publisher.Stats.BackpressureWaits.ShouldBe(1);

        // The two buffered records time out (8 s), their slots free up, and the waiting publish goes through.
        await third.WaitAsync(TimeSpan.FromSeconds(60));
        publisher.Stats.BackpressureWaitTime.ShouldBeGreaterThan(TimeSpan.FromMilliseconds(500));
        publisher.Stats.Published.ShouldBe(3);
    }
}
