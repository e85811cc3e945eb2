using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Torghut.Host.Transport.InProcess;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Host.Transport;

/// <summary>
/// Chooses the transport by configuration: Kafka when KAFKA_BOOTSTRAP is set, else the in-process transport (the
/// embedded default), which carries the same (topic, key, value) records. Nothing else knows which one runs.
/// </summary>
public static class TransportRegistration
{
    public static IServiceCollection AddTransport(this IServiceCollection services)
    {
        services.AddSingleton(_ => new InProcessTransport());
        services.AddSingleton<IRecordPublisher>(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return KafkaSettings.IsConfigured(configuration)
                ? new KafkaRecordPublisher(KafkaSettings.FromConfiguration(configuration), sp.GetRequiredService<ILogger<KafkaRecordPublisher>>(),
                    sp.GetRequiredService<DeliveryFailures>()) { Shutdown = sp.GetService<Shutdown.ShutdownBudget>() }
                : sp.GetRequiredService<InProcessTransport>().CreatePublisher();
        });
        services.AddSingleton<ITopicReader>(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return KafkaSettings.IsConfigured(configuration)
                ? new KafkaTopicReader(KafkaSettings.FromConfiguration(configuration))
                : sp.GetRequiredService<InProcessTransport>().Reader;
        });
        return services;
    }

    /// <summary>What `run` prints about the transport in use.</summary>
    public static string Describe(IConfiguration configuration) =>
        KafkaSettings.IsConfigured(configuration) ? $"kafka ({KafkaSettings.FromConfiguration(configuration)})" : "in-process";
}
