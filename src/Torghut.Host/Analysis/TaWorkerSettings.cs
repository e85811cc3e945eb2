using Microsoft.Extensions.Configuration;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Host.Analysis;

/// <summary>
/// Everything the TA worker reads, built once (docs/adr/0070-options-records.md): its own options, the engine's
/// (whose cross-setting rule, freeze vs. lateness, may refuse) and the Kafka cluster it consumes (null: in-process).
/// `run` builds it before the host when its role runs the worker, so a refused combination exits 2 naming the key.
/// </summary>
public sealed record TaWorkerSettings(TaWorkerOptions Worker, TaEngineOptions Engine, KafkaSettings? Kafka)
{
    /// <summary>Called by the composition root and `run` only.</summary>
    public static TaWorkerSettings From(IConfiguration configuration) => new(
        TaWorkerOptions.From(configuration),
        TaEngineSettings.From(configuration),
        KafkaSettings.IsConfigured(configuration) ? KafkaSettings.FromConfiguration(configuration) : null);
}
