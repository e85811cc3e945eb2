using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Tests.Transport;

internal static class KafkaTestSettings
{
    public static KafkaSettings From(params (string Key, string Value)[] values) =>
        KafkaSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    /// <summary>A real Confluent.Kafka consumer in a fresh KIP-848 group (assignment in ~100 ms on the mock).</summary>
    public static IConsumer<string, byte[]> Consumer(string bootstrap, string group) =>
        new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = group, GroupProtocol = GroupProtocol.Consumer,
            AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false,
        }).Build();
}
