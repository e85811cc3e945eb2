using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Ingest;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Host.Transport;

/// <summary>
/// Probes Kafka metadata for the ingest topics every TORGHUT_KAFKA_PROBE_MS (5000). Delivery failures alone reveal an
/// outage only after the delivery timeout (60 s) while librdkafka keeps buffering; the probe makes readiness say so
/// within seconds. Upstream probed only before each websocket session.
/// </summary>
public sealed class KafkaHealthProbe(IRecordPublisher publisher, TransportOptions options, ILogger<KafkaHealthProbe> logger)
    : BackgroundService, IHostComponent
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (publisher is not KafkaRecordPublisher kafka) return;
        var interval = options.KafkaProbeInterval;
        var topics = options.Topics.All;
        var wasOk = true;
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                var result = await kafka.ProbeAsync(topics, interval, stoppingToken);
                if (result.Ok != wasOk)
                {
                    if (result.Ok) logger.LogInformation("kafka metadata reachable again");
                    else logger.LogError("kafka metadata probe failed ({ErrorClass}): {Detail}", result.ErrorClass, result.Detail);
                }
                wasOk = result.Ok;
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) { }
    }
}
