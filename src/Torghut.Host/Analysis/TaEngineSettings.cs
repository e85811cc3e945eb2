using Microsoft.Extensions.Configuration;
using Torghut.Host.Analysis.Microbars;
using Torghut.Host.Analysis.Signals;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Analysis;

/// <summary>TA engine options from configuration, with upstream's TA_* names where they exist.</summary>
public static class TaEngineSettings
{
    /// <summary>A day of 1 s bars: more only slows every takeover down and cannot change a converged value.</summary>
    public const int MaxWarmupBars = 86_400; // AnalysisCatalogue.WarmupBars' upper bound

    /// <summary>30 days of 1 m bars: upstream's bars topic retention; the committed offset must stay readable.</summary>
    public const int MaxWarmup1mMinutes = 43_200; // AnalysisCatalogue.Warmup1mMinutes' upper bound

    public static TaEngineOptions From(IConfiguration c)
    {
        var microbars = new MicrobarOptions
        {
            OutOfOrderness = AnalysisCatalogue.MaxOutOfOrder.Read(c),
            AllowedLateness = AnalysisCatalogue.AllowedLateness.Read(c),
            IdleTimeout = AnalysisCatalogue.WatermarkIdle.Read(c),
            FreezeAfter = AnalysisCatalogue.FreezeAfter.Read(c),
            ClockTolerance = AnalysisCatalogue.ClockTolerance.Read(c),
        };
        if (microbars.FreezeAfter <= microbars.OutOfOrderness + microbars.AllowedLateness)
            throw new ConfigException("TA_FREEZE_AFTER_MS must be larger than TA_MAX_OUT_OF_ORDER_MS + TA_ALLOWED_LATENESS_MS " +
                                      "(a bar must not freeze while the watermark still accepts late trades for it)");
        // Bounds (catalogue): one query reads TA_WARMUP_BARS bars per symbol taken over; the bars topic's committed
        // record, TA_WARMUP_1M_MINUTES behind its newest, must still be retained.
        var warmupBars = AnalysisCatalogue.WarmupBars.ReadInt(c);
        var warmup1m = AnalysisCatalogue.Warmup1mMinutes.ReadInt(c);
        return new TaEngineOptions
        {
            Microbars = microbars, Signals = Signals(c), WarmupBars = warmupBars, Warmup1m = TimeSpan.FromMinutes(warmup1m),
        };
    }

    private static SignalOptions Signals(IConfiguration c) => new()
    {
        VwapWindow = TimeSpan.FromSeconds(AnalysisCatalogue.VwapWindowSeconds.ReadInt(c)),
        RealizedVolBars = AnalysisCatalogue.RealizedVolBars.ReadInt(c),
        QuoteStaleAfter = AnalysisCatalogue.QuoteStaleAfter.Read(c),
    };
}
