namespace Torghut.Host.Web;

/// <summary>Settings of the HTTP surface (README, configuration table; docs/adr/0020-http-surface.md).</summary>
public static class WebKeys
{
    public const string MetricsUrl = "TORGHUT_METRICS_URL";
    /// <summary>Comma-separated host names (or <c>*.suffix</c>) a browser may reach the host by, besides loopback and IP literals.</summary>
    public const string AllowedHosts = "TORGHUT_ALLOWED_HOSTS";
    public const string MaxBodyBytes = "TORGHUT_MAX_BODY_BYTES";
    public const string AdminToken = "TORGHUT_ADMIN_TOKEN";
}
