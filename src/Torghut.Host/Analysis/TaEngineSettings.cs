using Microsoft.Extensions.Configuration;
using Torghut.Host.Analysis.Microbars;
using Torghut.Host.Analysis.Signals;
using Torghut.Host.Configuration;

namespace Torghut.Host.Analysis;

/// <summary>TA engine options from configuration, with upstream's TA_* names where they exist.</summary>
public static class TaEngineSettings
{
    /// <summary>A day of 1 s bars: more only slows every takeover down and cannot change a converged value.</summary>
    public const int MaxWarmupBars = 86_400;

    /// <summary>30 days of 1 m bars: upstream's bars topic retention; the committed offset must stay readable.</summary>
    public const int MaxWarmup1mMinutes = 43_200;

    public static TaEngineOptions From(IConfiguration c)
    {
        var microbars = new MicrobarOptions
        {
            OutOfOrderness = Ms(c, "TA_MAX_OUT_OF_ORDER_MS", 2_000),
            AllowedLateness = Ms(c, "TA_ALLOWED_LATENESS_MS", 10_000),
            IdleTimeout = Ms(c, "TA_WATERMARK_IDLE_TIMEOUT_MS", 5_000),
            FreezeAfter = Ms(c, "TA_FREEZE_AFTER_MS", 30_000),
            ClockTolerance = Ms(c, "TA_CLOCK_TOLERANCE_MS", 5_000),
        };
        if (microbars.FreezeAfter <= microbars.OutOfOrderness + microbars.AllowedLateness)
            throw new ConfigException("TA_FREEZE_AFTER_MS must be larger than TA_MAX_OUT_OF_ORDER_MS + TA_ALLOWED_LATENESS_MS " +
                                      "(a bar must not freeze while the watermark still accepts late trades for it)");
        var warmupBars = Int(c, ConfigKeys.TaWarmupBars, 600);
        if (warmupBars > MaxWarmupBars)
            throw new ConfigException($"{ConfigKeys.TaWarmupBars}: '{warmupBars}' must be at most {MaxWarmupBars} (one query reads that many bars per symbol taken over)");
        var warmup1m = Int(c, ConfigKeys.TaWarmup1mMinutes, 1_440);
        if (warmup1m > MaxWarmup1mMinutes)
            throw new ConfigException($"{ConfigKeys.TaWarmup1mMinutes}: '{warmup1m}' must be at most {MaxWarmup1mMinutes} (bars topic commits trail the newest record by that much; the committed record must still be retained)");
        return new TaEngineOptions
        {
            Microbars = microbars, Signals = Signals(c), WarmupBars = warmupBars, Warmup1m = TimeSpan.FromMinutes(warmup1m),
        };
    }

    private static SignalOptions Signals(IConfiguration c) => new()
    {
        VwapWindow = TimeSpan.FromSeconds(Int(c, "TA_VWAP_WINDOW_SECONDS", 300)),
        RealizedVolBars = Int(c, "TA_REALIZED_VOL_WINDOW", 60),
        QuoteStaleAfter = Ms(c, "TA_QUOTE_STALE_AFTER_MS", 2_000),
    };

    private static TimeSpan Ms(IConfiguration c, string key, int fallback) => TimeSpan.FromMilliseconds(Int(c, key, fallback));

    private static int Int(IConfiguration c, string key, int fallback)
    {
        var raw = c[key];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        return int.TryParse(raw, out var v) && v >= 0 ? v : throw new ConfigException($"{key}: '{raw}' must be a non-negative whole number");
    }
}
