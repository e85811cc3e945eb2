using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;
using Torghut.Host.Gates.Slo;
using Torghut.Host.Transport;

namespace Torghut.Host.Gates;

/// <summary>
/// The gates' settings, read once by the composition root or the `gate` command (docs/adr/0070-options-records.md):
/// the SLO thresholds, the equity session the calendar counts, the phase-3 ratios, the trading allowlist (null: the
/// crypto lane's symbols) and the topics the phase gate requires.
/// </summary>
public sealed record GatesOptions(SloSettings Slo, bool ExtendedSession, double MaxRejectRatio, double MaxFallbackRatio,
    string? TradingAllowlist, TopicMap Topics)
{
    /// <summary>Called by the composition root and the `gate` command only (and tests, for the defaults).</summary>
    public static GatesOptions From(IConfiguration configuration) => new(
        SloSettings.From(configuration),
        GatesCatalogue.EquitySession.Read(configuration) == "extended",
        GatesCatalogue.MaxRejectRatio.Read(configuration),
        GatesCatalogue.MaxFallbackRatio.Read(configuration),
        GatesCatalogue.TradingAllowlist.Read(configuration),
        TopicMap.From(configuration));
}
