using Confluent.Kafka;
using Torghut.Host.Configuration;
using Torghut.Host.Transport;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Tests.Transport;

public sealed class KafkaSettingsTests
{
    private const string Secret = "p4ss-W0RD-never-shown";

    [Fact]
    public void Producer_config_is_upstreams_forwarder_config()
    {
        var config = KafkaTestSettings.From(("KAFKA_BOOTSTRAP_SERVERS", "k:9092")).ToProducerConfig();
        config.BootstrapServers.ShouldBe("k:9092");
        config.Acks.ShouldBe(Acks.All);
        config.EnableIdempotence.ShouldBe(true);
        config.MaxInFlight.ShouldBe(5);
        config.LingerMs.ShouldBe(30);
        config.BatchSize.ShouldBe(32768);
        config.CompressionType.ShouldBe(CompressionType.Lz4);
        config.Partitioner.ShouldBe(Partitioner.Murmur2Random);
    }

    [Fact]
    public void Overrides_and_consumer_defaults_are_read()
    {
        var s = KafkaTestSettings.From(("KAFKA_BOOTSTRAP", "a:1,b:2"), ("KAFKA_LINGER_MS", "5"), ("KAFKA_BATCH_SIZE", "65536"),
            ("KAFKA_COMPRESSION", "zstd"), ("KAFKA_CLIENT_ID", "ws-1"), ("KAFKA_ACKS", "all"), ("KAFKA_BUFFER_RECORDS", "10"));
        s.BootstrapServers.ShouldBe("a:1,b:2");
        s.LingerMs.ShouldBe(5);
        s.BatchSize.ShouldBe(65536);
        s.Compression.ShouldBe(CompressionType.Zstd);
        s.ClientId.ShouldBe("ws-1");
        s.BufferRecords.ShouldBe(10);
        var consumer = s.ToConsumerConfig();
        consumer.GroupId.ShouldBe("torghut-ta");
        consumer.GroupProtocol.ShouldBe(GroupProtocol.Classic);
        consumer.AutoOffsetReset.ShouldBe(AutoOffsetReset.Earliest);
        consumer.EnableAutoCommit.ShouldBe(false);
        consumer.IsolationLevel.ShouldBe(IsolationLevel.ReadCommitted);
    }

    [Theory]
    [InlineData("KAFKA_LINGER_MS", "soon")]
    [InlineData("KAFKA_BATCH_SIZE", "-1")]
    [InlineData("KAFKA_COMPRESSION", "brotli")]
    [InlineData("KAFKA_ACKS", "1")]
    [InlineData("KAFKA_SECURITY_PROTOCOL", "TLS")]
    [InlineData("KAFKA_SASL_MECHANISM", "MD5")]
    [InlineData("KAFKA_BUFFER_RECORDS", "0")]
    [InlineData("KAFKA_GROUP_PROTOCOL", "new")]
    [InlineData("TA_AUTO_OFFSET_RESET", "middle")]
    public void An_invalid_value_names_the_setting_and_never_the_password(string key, string value)
    {
        var e = Should.Throw<ConfigException>(() => KafkaTestSettings.From(("KAFKA_BOOTSTRAP", "k:9092"), (key, value),
            ("KAFKA_PASSWORD", Secret), ("KAFKA_USERNAME", "u")));
        e.Message.ShouldContain(key);
        e.Message.ShouldNotContain(Secret);
    }

    [Fact]
    public void Missing_bootstrap_or_sasl_credentials_name_the_setting()
    {
        Should.Throw<ConfigException>(() => KafkaTestSettings.From()).Message.ShouldContain("KAFKA_BOOTSTRAP");
        Should.Throw<ConfigException>(() => KafkaTestSettings.From(("KAFKA_BOOTSTRAP", "k:1"), ("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
            ("KAFKA_USERNAME", "u"))).Message.ShouldContain("KAFKA_PASSWORD");
        Should.Throw<ConfigException>(() => KafkaTestSettings.From(("KAFKA_BOOTSTRAP", "k:1"), ("KAFKA_SECURITY_PROTOCOL", "SASL_SSL"),
            ("KAFKA_PASSWORD", Secret))).Message.ShouldNotContain(Secret);
    }

    [Fact]
    public async Task The_password_never_appears_in_ToString_or_health()
    {
        var s = KafkaTestSettings.From(("KAFKA_BOOTSTRAP", KafkaMockBroker.DeadBootstrap()), ("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
            ("KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"), ("KAFKA_USERNAME", "torghut-ws"), ("KAFKA_PASSWORD", Secret),
            ("KAFKA_DELIVERY_TIMEOUT_MS", "500"), ("KAFKA_FLUSH_TIMEOUT_MS", "100"));
        s.HasPassword.ShouldBeTrue();
        s.ToString().ShouldNotContain(Secret);
        s.ToString().ShouldContain("torghut-ws");
        (s with { ClientId = "x" }).ToString().ShouldNotContain(Secret);
        s.ToProducerConfig().SaslPassword.ShouldBe(Secret); // handed to the client, and only there

        await using var publisher = new KafkaRecordPublisher(s);
        publisher.ToString()!.ShouldNotContain(Secret);
        await publisher.PublishAsync(new TransportRecord("t", "BTC/USD", "{}"u8.ToArray()));
        var probe = await publisher.ProbeAsync(["t"], TimeSpan.FromSeconds(1));
        probe.ToString().ShouldNotContain(Secret);
        publisher.Health.ToString().ShouldNotContain(Secret);
        publisher.Stats.ToString().ShouldNotContain(Secret);
        var e = await Should.ThrowAsync<ConfigException>(() => Task.Run(() => KafkaTestSettings.From(("KAFKA_BOOTSTRAP", "k:1"),
            ("KAFKA_PASSWORD", Secret), ("KAFKA_LINGER_MS", Secret))));
        e.ToString().ShouldNotContain(Secret);
    }
}
