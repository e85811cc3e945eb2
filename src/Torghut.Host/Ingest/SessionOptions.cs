using Microsoft.Extensions.Configuration;

namespace Torghut.Host.Ingest;

/// <summary>Session timing, from upstream's env names where they exist.</summary>
public sealed record SessionOptions
{
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan AuthTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(20);
    public TimeSpan ReadIdleTimeout { get; init; } = TimeSpan.FromSeconds(180);
    public TimeSpan ReconnectBase { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan ReconnectMax { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Wait after a configuration error (402 auth failed, 409 feed not in plan): slow, never a tight loop.</summary>
    public TimeSpan ConfigErrorRetry { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Least wait after a 406 (another connection holds the key).</summary>
    public TimeSpan ConnectionLimitRetry { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ResubscribeDelay { get; init; } = TimeSpan.FromSeconds(1);
    public int MaxResubscribeAttempts { get; init; } = 3;
    /// <summary>A subscribed socket silent this long that then speaks again may have skipped data (REPAIR_AFTER_SILENCE_MS):
    /// the lane checks the silence against the venue's history. At most half the read-idle timeout.</summary>
    public TimeSpan SilenceRepairAfter { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How long symbols the venue refused (405, 400) stay out before they are tried again on the same connection.</summary>
    public TimeSpan RefusedRetry { get; init; } = TimeSpan.FromMinutes(10);

    public static SessionOptions From(IConfiguration c)
    {
        var options = Read(c);
        var half = options.ReadIdleTimeout / 2;
        return options.SilenceRepairAfter > half ? options with { SilenceRepairAfter = half } : options;
    }

    private static SessionOptions Read(IConfiguration c) => new()
    {
        SilenceRepairAfter = Ms(c, "REPAIR_AFTER_SILENCE_MS", 10_000, min: 100),
        ReadIdleTimeout = Ms(c, "ALPACA_MARKET_DATA_READ_IDLE_TIMEOUT_MS", 180_000, min: 1_000),
        ReconnectBase = Ms(c, "RECONNECT_BASE_MS", 500, min: 10),
        ReconnectMax = Ms(c, "RECONNECT_MAX_MS", 30_000, min: 10),
        AuthTimeout = Ms(c, "ALPACA_AUTH_TIMEOUT_MS", 10_000, min: 100),
        PingInterval = Ms(c, "ALPACA_PING_INTERVAL_MS", 20_000, min: 100),
        ConfigErrorRetry = Ms(c, "ALPACA_CONFIG_ERROR_RETRY_MS", 60_000, min: 100),
        ConnectionLimitRetry = Ms(c, "ALPACA_CONNECTION_LIMIT_RETRY_MS", 5_000, min: 10),
        RefusedRetry = Ms(c, "ALPACA_REFUSED_RETRY_MS", 600_000, min: 1_000),
    };

    private static TimeSpan Ms(IConfiguration c, string key, int fallback, int min)
    {
        var raw = c[key];
        if (string.IsNullOrWhiteSpace(raw)) return TimeSpan.FromMilliseconds(fallback);
        if (!int.TryParse(raw, out var ms) || ms < min)
            throw new Configuration.ConfigException($"{key}: '{raw}' must be a whole number of milliseconds ≥ {min}");
        return TimeSpan.FromMilliseconds(ms);
    }
}
