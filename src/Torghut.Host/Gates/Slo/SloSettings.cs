using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Torghut.Host.Gates.Slo;

/// <summary>SLO thresholds and windows (README "SLOs" rows; docs/slo.md).</summary>
public sealed record SloSettings(
    TimeSpan Interval,
    double ReadinessTarget, TimeSpan ReadinessWindow, TimeSpan ReadinessGrace,
    double IngestP95Seconds, TimeSpan IngestWindow,
    double TaFreshnessMaxSeconds,
    TimeSpan CoverageWindow,
    double UniverseMaxFailures, TimeSpan UniverseWindow,
    double KafkaMaxFailures, TimeSpan KafkaWindow)
{
    public static SloSettings From(IConfiguration c) => new(
        TimeSpan.FromMilliseconds(Number(c, "SLO_EVAL_INTERVAL_MS", 10_000, min: 100)),
        Number(c, "SLO_READINESS_TARGET", 0.999, min: 0, max: 1),
        TimeSpan.FromSeconds(Number(c, "SLO_READINESS_WINDOW_SECONDS", 3600, min: 1)),
        TimeSpan.FromSeconds(Number(c, "SLO_READINESS_GRACE_SECONDS", 60, min: 0)),
        Number(c, "SLO_INGEST_FRESHNESS_P95_SECONDS", 2, min: 0),
        TimeSpan.FromSeconds(Number(c, "SLO_INGEST_FRESHNESS_WINDOW_SECONDS", 300, min: 1, max: 3600)),
        Number(c, "TA_FRESHNESS_MAX_SECONDS", 120, min: 0),
        TimeSpan.FromMinutes(Number(c, "SLO_COVERAGE_WINDOW_MINUTES", 30, min: 0.1)),
        Number(c, "SLO_UNIVERSE_MAX_FAILURES", 1, min: 0),
        TimeSpan.FromSeconds(Number(c, "SLO_UNIVERSE_WINDOW_SECONDS", 1800, min: 1)),
        Number(c, "SLO_KAFKA_MAX_FAILURES", 0, min: 0),
        TimeSpan.FromSeconds(Number(c, "SLO_KAFKA_WINDOW_SECONDS", 300, min: 1)));

    /// <summary>A bad value falls back to the default (and the default is what /api/slo then shows as the threshold).</summary>
    private static double Number(IConfiguration c, string key, double fallback, double min = double.MinValue, double max = double.MaxValue) =>
        double.TryParse(c[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max && double.IsFinite(v) ? v : fallback;
}
