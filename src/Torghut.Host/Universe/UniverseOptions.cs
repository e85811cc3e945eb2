using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;

namespace Torghut.Host.Universe;

/// <summary>Where a lane's desired symbols come from (upstream's Jangar settings).</summary>
public sealed record UniverseOptions(Uri? SymbolsUrl, TimeSpan PollInterval, TimeSpan FetchTimeout)
{
    public static UniverseOptions From(IConfiguration c, Market market)
    {
        Uri? url = null;
        if (c["JANGAR_SYMBOLS_URL"] is { } raw && !string.IsNullOrWhiteSpace(raw))
        {
            if (!Uri.TryCreate(raw.Trim(), UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                throw new Configuration.ConfigException($"JANGAR_SYMBOLS_URL: '{raw}' is not an http(s) URL");
            url = WithAssetClass(parsed, market);
        }
        // Without a URL the lane reads the host's own store: a cheap local query, polled every second so a dashboard edit
        // reaches the subscription within 2 s.
        var poll = int.TryParse(c["SYMBOLS_POLL_INTERVAL_MS"], out var ms) && ms > 0 ? ms : url is null ? 1_000 : 30_000;
        var timeout = int.TryParse(c["SYMBOLS_FETCH_TIMEOUT_MS"], out var t) && t > 0 ? t : 5_000;
        return new UniverseOptions(url, TimeSpan.FromMilliseconds(poll), TimeSpan.FromMilliseconds(timeout));
    }

    /// <summary>
    /// One JANGAR_SYMBOLS_URL serves both lanes: each asks for its own asset class (Jangar treats anything but
    /// <c>crypto</c> as equity), replacing an assetClass already in the URL.
    /// </summary>
    public static Uri WithAssetClass(Uri url, Market market)
    {
        var assetClass = market == Market.Crypto ? "crypto" : "equity";
        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("assetClass=", StringComparison.OrdinalIgnoreCase))
            .Append("assetClass=" + assetClass);
        return new UriBuilder(url) { Query = string.Join("&", query) }.Uri;
    }
}
