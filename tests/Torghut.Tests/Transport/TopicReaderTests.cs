using Torghut.Host.Transport;
using Torghut.Host.Transport.InProcess;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Tests.Transport;

/// <summary>Reading back what a transport holds (a starting lane learns where its record ends), in-process and Kafka alike.</summary>
public sealed class TopicReaderTests(KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private static async Task PublishAsync(IRecordPublisher publisher, string topic)
    {
        for (var i = 0; i < 300; i++)
            await publisher.PublishAsync(new TransportRecord(topic, i % 3 == 0 ? "BTC/USD" : i % 3 == 1 ? "ETH/USD" : "SOL/USD", BitConverter.GetBytes(i)));
        (await publisher.FlushAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
    }

    private static void AssertReadBack(IReadOnlyList<StoredTransportRecord> records)
    {
        records.ShouldAllBe(r => r.Key == "BTC/USD" || r.Key == "SOL/USD");
        // Per key, in the order published (one key lives in one partition).
        foreach (var key in new[] { "BTC/USD", "SOL/USD" })
        {
            var values = records.Where(r => r.Key == key).Select(r => BitConverter.ToInt32(r.Value)).ToList();
            values.ShouldBe(Enumerable.Range(0, 300).Where(i => (key == "BTC/USD" ? 0 : 2) == i % 3).ToList());
        }
    }

    [Fact]
    public async Task In_process_reader_returns_the_keys_records_stored_since_a_time_in_order()
    {
        var transport = new InProcessTransport();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await PublishAsync(transport.CreatePublisher(), "t");
        AssertReadBack(await transport.Reader.ReadSinceAsync("t", ["BTC/USD", "SOL/USD"], before));
        (await transport.Reader.ReadSinceAsync("t", ["BTC/USD"], DateTimeOffset.UtcNow.AddMinutes(1))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Kafka_reader_scans_the_keys_partitions_back_to_a_time_without_a_consumer_group()
    {
        var settings = new KafkaSettings { BootstrapServers = kafka.Bootstrap };
        await using (var publisher = new KafkaRecordPublisher(settings)) await PublishAsync(publisher, "torghut.trades.v1");
        var reader = new KafkaTopicReader(settings);
        AssertReadBack(await reader.ReadSinceAsync("torghut.trades.v1", ["BTC/USD", "SOL/USD"], DateTimeOffset.UtcNow.AddMinutes(-5)));
        (await reader.ReadSinceAsync("torghut.trades.v1", ["BTC/USD"], DateTimeOffset.UtcNow.AddMinutes(1))).ShouldBeEmpty();
    }
}
