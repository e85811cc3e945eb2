namespace Torghut.Host.Web;

/// <summary>Settings of the HTTP surface (docs/configuration.md; docs/adr/0020-http-surface.md).</summary>
public static class WebKeys
{
    public const string MetricsUrl = "TORGHUT_METRICS_URL";
    /// <summary>Comma-separated host names (or <c>*.suffix</c>) a browser may reach the host by, besides loopback and IP literals.</summary>
    public const string AllowedHosts = "TORGHUT_ALLOWED_HOSTS";
    public const string MaxBodyBytes = "TORGHUT_MAX_BODY_BYTES";
    public const string AdminToken = "TORGHUT_ADMIN_TOKEN";
    /// <summary>How long a store-backed read is served from memory (ms; 0 turns the cache off).</summary>
    public const string ReadCacheMs = "TORGHUT_READ_CACHE_MS";
    /// <summary>Store-backed reads per second per client address; more answer 429.</summary>
    public const string ReadRateLimit = "TORGHUT_READ_RATE_LIMIT";
    /// <summary>Open dashboard streams (SSE) at once; more answer 503.</summary>
    public const string SseMaxClients = "TORGHUT_SSE_MAX_CLIENTS";
}
