using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Universe;

/// <summary>Where a lane's desired symbols come from (upstream's Jangar settings).</summary>
public sealed record UniverseOptions(Uri? SymbolsUrl, TimeSpan PollInterval, TimeSpan FetchTimeout)
{
    public static UniverseOptions From(IConfiguration c, Market market)
    {
        var url = UniverseCatalogue.JangarSymbolsUrl.Read(c) is { } parsed ? WithAssetClass(parsed, market) : null;
        // Without a URL the lane reads the host's own store: a cheap local query, polled every second so a dashboard edit
        // reaches the subscription within 2 s.
        var poll = UniverseCatalogue.PollInterval.IsSet(c) || url is not null
            ? UniverseCatalogue.PollInterval.Read(c) : TimeSpan.FromSeconds(1);
        return new UniverseOptions(url, poll, UniverseCatalogue.FetchTimeout.Read(c));
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
