using Torghut.Host.Health;

namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>Liveness and the Kafka probe that feeds readiness (docs/adr/0001-health-semantics.md).</summary>
public static class HealthCatalogue
{
    public static readonly MillisecondsSetting StallAfter = new(HealthKeys.StallAfterMs, 120_000,
        "`/healthz` turns 503 when a lane's session loop is this far past its heartbeat.", min: 1, max: int.MaxValue)
    { Aliases = [HealthKeys.NotReadyKillAfterMs] };
    public static readonly MillisecondsSetting KafkaProbe = new("TORGHUT_KAFKA_PROBE_MS", 5_000,
        "Kafka metadata probe interval (ingest): readiness turns red within seconds of an outage.", min: 1,
            max: int.MaxValue);
}
