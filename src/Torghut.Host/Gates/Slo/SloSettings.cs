using Torghut.Host.Configuration;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

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
        GatesCatalogue.EvalInterval.Read(c),
        GatesCatalogue.ReadinessTarget.Read(c),
        TimeSpan.FromSeconds(GatesCatalogue.ReadinessWindowSeconds.Read(c)),
        TimeSpan.FromSeconds(GatesCatalogue.ReadinessGraceSeconds.Read(c)),
        GatesCatalogue.IngestP95Seconds.Read(c),
        TimeSpan.FromSeconds(GatesCatalogue.IngestWindowSeconds.Read(c)),
        GatesCatalogue.TaFreshnessMaxSeconds.Read(c),
        TimeSpan.FromMinutes(GatesCatalogue.CoverageWindowMinutes.Read(c)),
        GatesCatalogue.UniverseMaxFailures.Read(c),
        TimeSpan.FromSeconds(GatesCatalogue.UniverseWindowSeconds.Read(c)),
        GatesCatalogue.KafkaMaxFailures.Read(c),
        TimeSpan.FromSeconds(GatesCatalogue.KafkaWindowSeconds.Read(c)));
}
