using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Web;

/// <summary>
/// The HTTP surface's settings, read once at start by the composition root (docs/adr/0070-options-records.md).
/// <see cref="AdminToken"/> is the token write endpoints demand: the configured one, or the one `run` generated for a
/// loopback-only run; null or blank turns writes off.
/// </summary>
public sealed record WebOptions(
    string? AdminToken,
    string? MetricsUrl,
    string? AllowedHosts,
    long MaxBodyBytes,
    TimeSpan ReadCacheTtl,
    int ReadRateLimit)
{
    /// <summary>The catalogue's defaults: what a host with no web settings gets.</summary>
    public static WebOptions Defaults { get; } = From(new ConfigurationBuilder().Build());

    /// <summary>Called by the composition root only.</summary>
    public static WebOptions From(IConfiguration configuration) => new(
        CoreCatalogue.AdminToken.Read(configuration),
        WebCatalogue.MetricsUrl.Read(configuration),
        WebCatalogue.AllowedHosts.Read(configuration),
        WebCatalogue.MaxBodyBytes.Read(configuration) ?? BodyLimit.DefaultBytes,
        WebCatalogue.ReadCache.Read(configuration),
        WebCatalogue.ReadRateLimit.ReadInt(configuration));
}
