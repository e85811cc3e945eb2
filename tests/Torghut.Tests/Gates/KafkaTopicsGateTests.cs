using Microsoft.Extensions.Configuration;
using Torghut.Host.Gates.Phases;
using Torghut.Host.Transport.Kafka;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Gates;

/// <summary>Phase 1's topic check against a Kafka-protocol broker: healthy topics pass, a missing one fails by name, no broker is unreachable.</summary>
[Collection(KafkaMockCollection.Name)]
public sealed class KafkaTopicsGateTests(KafkaMockBroker kafka)
{
    private static KafkaSettings Settings(string bootstrap) => KafkaSettings.FromConfiguration(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["KAFKA_BOOTSTRAP"] = bootstrap, ["KAFKA_REQUEST_TIMEOUT_MS"] = "3000" }).Build());

    [Fact]
    public void The_ingest_topics_are_healthy_and_a_missing_topic_fails_by_name()
    {
        var ok = KafkaTopics.Check(Settings(kafka.Bootstrap), ["torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1", "torghut.status.v1"], TimeSpan.FromSeconds(10));
        ok.Status.ShouldBe(CriterionStatus.Pass);
        ok.Observed.ShouldBe("4/4 topics healthy (12 partitions)");

        var missing = KafkaTopics.Check(Settings(kafka.Bootstrap), ["torghut.trades.v1", "torghut.trades.v9"], TimeSpan.FromSeconds(10));
        missing.Status.ShouldBe(CriterionStatus.Fail);
        missing.Detail.ShouldBe("torghut.trades.v9: missing");
    }

    [Fact]
    public void A_broker_that_cannot_be_reached_is_unreachable_not_a_failure_or_a_pass()
    {
        var e = Should.Throw<SourceUnreachableException>(() =>
            KafkaTopics.Check(Settings(KafkaMockBroker.DeadBootstrap()), ["torghut.trades.v1"], TimeSpan.FromSeconds(3)));
        e.SourceName.ShouldBe("kafka");
    }
}
