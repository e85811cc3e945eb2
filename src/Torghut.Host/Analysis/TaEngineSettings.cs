using Microsoft.Extensions.Configuration;
using Torghut.Host.Analysis.Microbars;
using Torghut.Host.Analysis.Signals;
using Torghut.Host.Configuration;

namespace Torghut.Host.Analysis;

/// <summary>TA engine options from configuration, with upstream's TA_* names where they exist.</summary>
public static class TaEngineSettings
{
    public static TaEngineOptions From(IConfiguration c) => new()
    {
        Microbars = new MicrobarOptions
        {
            OutOfOrderness = Ms(c, "TA_MAX_OUT_OF_ORDER_MS", 2_000),
            AllowedLateness = Ms(c, "TA_ALLOWED_LATENESS_MS", 10_000),
            IdleTimeout = Ms(c, "TA_WATERMARK_IDLE_TIMEOUT_MS", 5_000),
        },
        Signals = new SignalOptions
        {
            VwapWindow = TimeSpan.FromSeconds(Int(c, "TA_VWAP_WINDOW_SECONDS", 300)),
            RealizedVolBars = Int(c, "TA_REALIZED_VOL_WINDOW", 60),
            QuoteStaleAfter = Ms(c, "TA_QUOTE_STALE_AFTER_MS", 2_000),
        },
    };

    private static TimeSpan Ms(IConfiguration c, string key, int fallback) => TimeSpan.FromMilliseconds(Int(c, key, fallback));

    private static int Int(IConfiguration c, string key, int fallback)
    {
        var raw = c[key];
        if (string.IsNullOrWhiteSpace(raw)) return fallback;
        return int.TryParse(raw, out var v) && v >= 0 ? v : throw new ConfigException($"{key}: '{raw}' must be a non-negative whole number");
    }
}
