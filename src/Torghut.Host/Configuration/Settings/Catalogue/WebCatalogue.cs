using Torghut.Host.Web;

namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>The HTTP surface (docs/adr/0020-http-surface.md).</summary>
public static class WebCatalogue
{
    public static readonly TextSetting MetricsUrl = new(WebKeys.MetricsUrl, null,
        "Extra listener for `/metrics` only (production: `http://0.0.0.0:9090`).") { DefaultText = "the HTTP URL" };
    public static readonly TextSetting AllowedHosts = new(WebKeys.AllowedHosts, null,
        "Comma-separated extra host names the HTTP API answers to (`name` or `*.suffix`; `*` turns the check off).")
    { DefaultText = "`localhost` and IP literals" };
    public static readonly IntegerSetting MaxBodyBytes = new(WebKeys.MaxBodyBytes, 1_048_576,
        "Largest request body; bigger ones answer 413.", min: 1, max: long.MaxValue);
    public static readonly MillisecondsSetting ReadCache = new(WebKeys.ReadCacheMs, 1_000,
        "Store-backed reads are served from memory this long; `0` turns the cache off.", max: int.MaxValue);
    public static readonly IntegerSetting ReadRateLimit = new(WebKeys.ReadRateLimit, 20,
        "Store-backed reads per second per client address; more answer 429.", min: 1);
    public static readonly IntegerSetting SseMaxClients = new(WebKeys.SseMaxClients, 32,
        "Open dashboard streams at once; more answer 503.");
}
