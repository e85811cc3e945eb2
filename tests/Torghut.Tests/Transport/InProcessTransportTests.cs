using System.Text;
using Torghut.Host.Transport;
using Torghut.Host.Transport.InProcess;

namespace Torghut.Tests.Transport;

public sealed class InProcessTransportTests
{
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD", "AAPL", "MSFT", "NVDA", "TSM", "GOOG"];

    private static async Task PublishAsync(IRecordPublisher publisher, string topic, int from, int count)
    {
        for (var i = from; i < from + count; i++)
            await publisher.PublishAsync(new TransportRecord(topic, Symbols[i % Symbols.Length], Encoding.UTF8.GetBytes($"{{\"seq\":{i}}}")));
    }

    private static async Task<List<ConsumedRecord>> DrainAsync(IRecordSubscriber subscriber, TimeSpan quiet)
    {
        var records = new List<ConsumedRecord>();
        while (await subscriber.ConsumeAsync(quiet) is { } r) records.Add(r);
        return records;
    }

    private static int Seq(ConsumedRecord r) => int.Parse(Encoding.UTF8.GetString(r.Record.Value.Span)[7..^1]);

    [Fact]
    public async Task Every_record_arrives_once_intact_on_the_murmur2_partition_in_order()
    {
        var transport = new InProcessTransport(partitionsPerTopic: 5);
        await using var publisher = transport.CreatePublisher();
        await PublishAsync(publisher, "t", 0, 1000);
        publisher.Health.Ready.ShouldBeTrue();
        publisher.Health.Delivered.ShouldBe(1000);

        await using var subscriber = transport.CreateSubscriber("g");
        subscriber.Subscribe(["t"]);
        var records = await DrainAsync(subscriber, TimeSpan.FromMilliseconds(200));
        records.Select(Seq).Order().ShouldBe(Enumerable.Range(0, 1000));
        foreach (var r in records)
        {
            r.Record.Key.ShouldBe(Symbols[Seq(r) % Symbols.Length]);
            r.Partition.ShouldBe(Murmur2Partitioner.Partition(Encoding.UTF8.GetBytes(r.Record.Key), 5));
        }
        // Per partition, offsets are dense and in publish order (per-symbol ordering, as Kafka gives).
        foreach (var partition in records.GroupBy(r => r.Partition))
        {
            partition.Select(r => r.Offset).ShouldBe(Enumerable.Range(0, partition.Count()).Select(i => (long)i));
            partition.Select(Seq).ShouldBeInOrder();
        }
    }

    [Fact]
    public async Task The_value_is_copied_so_the_publisher_may_reuse_its_buffer()
    {
        var transport = new InProcessTransport();
        await using var publisher = transport.CreatePublisher();
        var buffer = "hello"u8.ToArray();
        await publisher.PublishAsync(new TransportRecord("t", "BTC/USD", buffer));
        buffer[0] = (byte)'J';
        await using var subscriber = transport.CreateSubscriber("g");
        subscriber.Subscribe(["t"]);
        var r = await subscriber.ConsumeAsync(TimeSpan.FromSeconds(5));
        Encoding.UTF8.GetString(r!.Record.Value.Span).ShouldBe("hello");
    }

    [Fact]
    public async Task Two_members_of_a_group_share_the_partitions_and_each_record_goes_to_one()
    {
        var transport = new InProcessTransport(partitionsPerTopic: 4);
        await using var publisher = transport.CreatePublisher();
        await using var a = transport.CreateSubscriber("g");
        await using var b = transport.CreateSubscriber("g");
        a.Subscribe(["t"]);
        b.Subscribe(["t"]);
        await PublishAsync(publisher, "t", 0, 400);

        var fromA = await DrainAsync(a, TimeSpan.FromMilliseconds(200));
        var fromB = await DrainAsync(b, TimeSpan.FromMilliseconds(200));
        fromA.ShouldNotBeEmpty();
        fromB.ShouldNotBeEmpty();
        fromA.Select(r => r.Partition).Distinct().Intersect(fromB.Select(r => r.Partition).Distinct()).ShouldBeEmpty();
        fromA.Concat(fromB).Select(Seq).Order().ShouldBe(Enumerable.Range(0, 400));

        // Another group reads everything independently.
        await using var other = transport.CreateSubscriber("other");
        other.Subscribe(["t"]);
        (await DrainAsync(other, TimeSpan.FromMilliseconds(200))).Count.ShouldBe(400);
    }

    [Fact]
    public async Task A_later_member_continues_after_the_committed_offset()
    {
        var transport = new InProcessTransport();
        await using var publisher = transport.CreatePublisher();
        await PublishAsync(publisher, "t", 0, 30);
        await using (var first = transport.CreateSubscriber("g"))
        {
            first.Subscribe(["t"]);
            var records = await DrainAsync(first, TimeSpan.FromMilliseconds(200));
            records.Count.ShouldBe(30);
            await first.CommitAsync(records);
        }
        await PublishAsync(publisher, "t", 30, 10);
        await using var second = transport.CreateSubscriber("g");
        second.Subscribe(["t"]);
        (await DrainAsync(second, TimeSpan.FromMilliseconds(200))).Select(Seq).Order().ShouldBe(Enumerable.Range(30, 10));
    }

    [Fact]
    public async Task Members_are_told_which_partitions_they_got_with_the_committed_offset_and_which_they_lost()
    {
        var transport = new InProcessTransport(partitionsPerTopic: 2);
        await using var first = transport.CreateSubscriber("g");
        first.Subscribe(["t"]);
        first.TakeOwnershipChanges().ShouldBe([new OwnershipChange("t", 0, true, null), new OwnershipChange("t", 1, true, null)]);
        first.TakeOwnershipChanges().ShouldBeEmpty("changes are reported once");
        await first.CommitOffsetsAsync([new PartitionOffset("t", 1, 17)]);

        await using var second = transport.CreateSubscriber("g");
        second.Subscribe(["t"]);
        var lost = first.TakeOwnershipChanges().ShouldHaveSingleItem();
        lost.Assigned.ShouldBeFalse();
        var got = second.TakeOwnershipChanges().ShouldHaveSingleItem();
        (got.Topic, got.Partition, got.Assigned).ShouldBe((lost.Topic, lost.Partition, true));
        got.CommittedOffset.ShouldBe(lost.Partition == 1 ? 17 : null, "the new owner resumes where the group committed");
    }

    [Fact]
    public async Task A_waiting_consumer_wakes_when_a_record_arrives()
    {
        var transport = new InProcessTransport();
        await using var subscriber = transport.CreateSubscriber("g");
        subscriber.Subscribe(["t"]);
        var pending = subscriber.ConsumeAsync(TimeSpan.FromSeconds(30)).AsTask();
        pending.IsCompleted.ShouldBeFalse();
        await using var publisher = transport.CreatePublisher();
        await publisher.PublishAsync(new TransportRecord("t", "BTC/USD", "x"u8.ToArray()));
        (await pending.WaitAsync(TimeSpan.FromSeconds(20)))!.Record.Key.ShouldBe("BTC/USD");
    }

    [Fact]
    public async Task Retention_is_bounded_by_count_and_readers_skip_to_the_oldest_kept()
    {
        var transport = new InProcessTransport(partitionsPerTopic: 1, retentionPerPartition: 100);
        await using var publisher = transport.CreatePublisher();
        await PublishAsync(publisher, "t", 0, 5000);
        transport.Watermarks("t", 0).ShouldBe((4900L, 5000L));
        await using var subscriber = transport.CreateSubscriber("g");
        subscriber.Subscribe(["t"]);
        (await DrainAsync(subscriber, TimeSpan.FromMilliseconds(200))).Select(Seq).ShouldBe(Enumerable.Range(4900, 100));
    }

    [Fact]
    public async Task Concurrent_publishers_lose_nothing()
    {
        var transport = new InProcessTransport();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            await using var publisher = transport.CreatePublisher();
            await PublishAsync(publisher, "t", w * 1000, 1000);
        })));
        await using var subscriber = transport.CreateSubscriber("g");
        subscriber.Subscribe(["t"]);
        (await DrainAsync(subscriber, TimeSpan.FromMilliseconds(200))).Select(Seq).Order().ShouldBe(Enumerable.Range(0, 4000));
    }
}
