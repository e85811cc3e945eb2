namespace Torghut.Host.Health;

/// <summary>Health settings (docs/configuration.md, docs/health.md).</summary>
public static class HealthKeys
{
    /// <summary>How far behind its heartbeat a loop may fall before /healthz answers 503 (default 120000).</summary>
    public const string StallAfterMs = "HEALTH_STALL_AFTER_MS";

    /// <summary>The old name, read when <see cref="StallAfterMs"/> is unset. It used to restart a pod merely not ready.</summary>
    public const string NotReadyKillAfterMs = "HEALTH_NOT_READY_KILL_AFTER_MS";
}
