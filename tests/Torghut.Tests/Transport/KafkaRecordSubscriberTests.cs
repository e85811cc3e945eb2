using System.Text;
using Confluent.Kafka;
using Torghut.Host.Transport;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Tests.Transport;

[Collection(KafkaMockCollection.Name)]
public sealed class KafkaRecordSubscriberTests(KafkaMockBroker broker)
{
    [Fact]
    public async Task A_second_member_of_the_group_continues_after_the_committed_offset()
    {
        const string topic = "test.commit.v1";
        var settings = KafkaTestSettings.From(("KAFKA_BOOTSTRAP", broker.Bootstrap), ("TA_GROUP_ID", $"ta-{Guid.NewGuid():N}"),
            ("KAFKA_GROUP_PROTOCOL", "consumer"), ("TA_AUTO_OFFSET_RESET", "earliest"));
        settings.ToConsumerConfig().EnableAutoCommit.ShouldBe(false);
        settings.ToConsumerConfig().IsolationLevel.ShouldBe(IsolationLevel.ReadCommitted);

        await PublishAsync(settings, topic, 0, 30);
        var first = await ConsumeAsync(settings, topic, expected: 30, commit: true);
        first.Select(Seq).Order().ShouldBe(Enumerable.Range(0, 30));

        await PublishAsync(settings, topic, 30, 10);
        var second = await ConsumeAsync(settings, topic, expected: 10, commit: false);
        second.Select(Seq).Order().ShouldBe(Enumerable.Range(30, 10), "records before the commit must not be re-delivered");
    }

    private static int Seq(ConsumedRecord r) => int.Parse(Encoding.UTF8.GetString(r.Record.Value.Span));

    private static async Task PublishAsync(KafkaSettings settings, string topic, int from, int count)
    {
        await using var publisher = new KafkaRecordPublisher(settings);
        for (var i = from; i < from + count; i++)
            await publisher.PublishAsync(new TransportRecord(topic, i % 2 == 0 ? "BTC/USD" : "NVDA", Encoding.UTF8.GetBytes(i.ToString())));
        (await publisher.FlushAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue();
    }

    /// <summary>Reads until <paramref name="expected"/> records arrived, then checks a quiet second brings no more.</summary>
    private static async Task<List<ConsumedRecord>> ConsumeAsync(KafkaSettings settings, string topic, int expected, bool commit)
    {
        var records = new List<ConsumedRecord>();
        await using var subscriber = new KafkaRecordSubscriber(settings);
        subscriber.Subscribe([topic]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (records.Count < expected && DateTime.UtcNow < deadline)
            if (await subscriber.ConsumeAsync(TimeSpan.FromMilliseconds(500)) is { } r) records.Add(r);
        records.Count.ShouldBe(expected);
        (await subscriber.ConsumeAsync(TimeSpan.FromSeconds(1))).ShouldBeNull();
        if (commit) await subscriber.CommitAsync(records);
        return records;
    }
}
