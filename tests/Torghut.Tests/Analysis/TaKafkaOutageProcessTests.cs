using System.Diagnostics;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;
using Xunit.Abstractions;
using static Torghut.Tests.Analysis.HostProbe;

namespace Torghut.Tests.Analysis;

/// <summary>
/// Every Kafka broker goes down under a running TA worker process (<see cref="OutageRig"/>) for
/// <see cref="OutageSeconds"/> (45 s unless TORGHUT_TEST_KAFKA_OUTAGE_SECONDS says otherwise): longer than the 30 s
/// the worker gives the transport to confirm its outputs before a commit (which used to end the worker), and far past
/// the group's 3 s session timeout, so the worker also loses its partitions and gets them back. The TA process must
/// live through it and resume by itself, and the store must then hold exactly the microbars of the trades on the
/// topic (the ingest process buffers them meanwhile).
/// </summary>
[Collection(FailoverCollection.Name)]
public sealed class TaKafkaOutageProcessTests(ClickHouseServerFixture clickhouse, FastFailoverKafka kafka, ITestOutputHelper output)
    : IClassFixture<FastFailoverKafka>
{
    private static int OutageSeconds => Seconds("TORGHUT_TEST_KAFKA_OUTAGE_SECONDS", 45);

    [Fact]
    public async Task A_ta_worker_lives_through_a_broker_outage_and_stores_exactly_the_truth_once_kafka_is_back()
    {
        await using var rig = await OutageRig.StartAsync(kafka.Bootstrap, clickhouse.Url, new Dictionary<string, string>());
        var (http, ta) = (rig.Http, rig.Ta);

        await kafka.ControlAsync("down all");
        var down = Stopwatch.StartNew();
        while (down.Elapsed < TimeSpan.FromSeconds(OutageSeconds))
        {
            ta.HasExited.ShouldBeFalse("the TA process died during the broker outage:\n" + ta.Output);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        var before = await MicrobarsWrittenAsync(http, ta);
        await kafka.ControlAsync("up all");
        var back = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => await MicrobarsWrittenAsync(http, ta) > before, "the TA worker storing again once Kafka is back",
            TimeSpan.FromSeconds(60));
        var resumedAfter = back.Elapsed;
        await Eventually.HoldsAsync(async () => (await ReadyzAsync(http, rig.Ingest)).Status == 200, "ingest ready again", TimeSpan.FromSeconds(60));
        var compared = await rig.FinishAsync();

        if (OutageSeconds > 35)
        {
            // The commits waited for the transport, said so once, and resumed.
            Lines(ta.Output, "the transport did not confirm the TA outputs").ShouldBe(1, ta.Output);
            Lines(ta.Output, "commits resume").ShouldBe(1, ta.Output);
        }
        output.WriteLine($"kafka outage {OutageSeconds} s: TA alive throughout ({Lines(ta.Output, "kafka partitions lost")} partition-loss events), " +
                         $"storing again {resumedAfter.TotalSeconds:0.0} s after the brokers returned; {compared} microbars (and as many 1 s signals) equal the truth");
    }
}
