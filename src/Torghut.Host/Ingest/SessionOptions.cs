using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

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
        SilenceRepairAfter = RepairCatalogue.AfterSilence.Read(c),
        ReadIdleTimeout = IngestCatalogue.ReadIdleTimeout.Read(c),
        ReconnectBase = IngestCatalogue.ReconnectBase.Read(c),
        ReconnectMax = IngestCatalogue.ReconnectMax.Read(c),
        AuthTimeout = IngestCatalogue.AuthTimeout.Read(c),
        PingInterval = IngestCatalogue.PingInterval.Read(c),
        ConfigErrorRetry = IngestCatalogue.ConfigErrorRetry.Read(c),
        ConnectionLimitRetry = IngestCatalogue.ConnectionLimitRetry.Read(c),
        RefusedRetry = IngestCatalogue.RefusedRetry.Read(c),
    };
}
