using Torghut.Host.Configuration;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Torghut.Host.Gates.Slo;

/// <summary>SLO thresholds and windows (docs/configuration.md; docs/slo.md).</summary>
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
        TimeSpan.FromMilliseconds(Number(c, ConfigKeys.SloEvalIntervalMs, 10_000, min: 100)),
        Number(c, ConfigKeys.SloReadinessTarget, 0.999, min: 0, max: 1),
        TimeSpan.FromSeconds(Number(c, ConfigKeys.SloReadinessWindowSeconds, 3600, min: 1)),
        TimeSpan.FromSeconds(Number(c, ConfigKeys.SloReadinessGraceSeconds, 60, min: 0)),
        Number(c, ConfigKeys.SloIngestFreshnessP95Seconds, 2, min: 0),
        TimeSpan.FromSeconds(Number(c, ConfigKeys.SloIngestFreshnessWindowSeconds, 300, min: 1, max: 3600)),
        Number(c, ConfigKeys.TaFreshnessMaxSeconds, 120, min: 0),
        TimeSpan.FromMinutes(Number(c, ConfigKeys.SloCoverageWindowMinutes, 30, min: 0.1)),
        Number(c, ConfigKeys.SloUniverseMaxFailures, 1, min: 0),
        TimeSpan.FromSeconds(Number(c, ConfigKeys.SloUniverseWindowSeconds, 1800, min: 1)),
        Number(c, ConfigKeys.SloKafkaMaxFailures, 0, min: 0),
        TimeSpan.FromSeconds(Number(c, ConfigKeys.SloKafkaWindowSeconds, 300, min: 1)));

    /// <summary>A bad value falls back to the default (and the default is what /api/slo then shows as the threshold).</summary>
    private static double Number(IConfiguration c, string key, double fallback, double min = double.MinValue, double max = double.MaxValue) =>
        double.TryParse(c[key], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max && double.IsFinite(v) ? v : fallback;
}
