using Alpaca.Shared;
using Torghut.Abstractions;

namespace Alpaca.Equity;

/// <summary>
/// The Alpaca US-equity plugin: the <c>v2/{feed}</c> stream, the stock bars, trades and quotes REST endpoints and ticker symbols.
/// </summary>
public sealed class AlpacaEquityPlugin : IVenuePlugin, IVenueCredentialSettings
{
    public string KeyIdSetting => AlpacaSettingNames.KeyId;
    public string SecretSetting => AlpacaSettingNames.SecretKey;

    internal static readonly string[] Feeds = ["iex", "sip", "delayed_sip", "test"];
    internal static readonly string[] Adjustments = ["raw", "split", "dividend", "spin-off", "all"];
    internal static readonly string[] SupportedChannels =
        ["trades", "quotes", "bars", "updatedBars", "dailyBars", "statuses", "lulds", "imbalances"];
    internal static readonly string[] DefaultChannels = ["trades", "quotes", "bars", "updatedBars", "statuses"];

    private readonly EquitySymbolCodec _codec = new();

    public PluginManifest Manifest { get; } =
        AlpacaPluginInfo.Manifest("Alpaca.Equity", Market.Equity, typeof(AlpacaEquityPlugin).Assembly);

    public ISymbolCodec SymbolCodec => _codec;

    public IFeedEndpoint CreateFeed(VenueContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var uri = AlpacaSettings.Append(AlpacaSettings.StreamBase(context), $"v2/{Feed(context)}");
        return new AlpacaFeedEndpoint(uri, SupportedChannels,
            AlpacaSettings.Channels(context, SupportedChannels, DefaultChannels),
            AlpacaSettings.BatchSize(context), _codec);
    }

    public IBackfillSource CreateBackfill(VenueContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var market = AlpacaSettings.Append(AlpacaSettings.RestBase(context), "v2/stocks");
        var adjustment = AlpacaSettings.Choice(context, AlpacaSettingNames.Adjustment, AlpacaSettingNames.DefaultAdjustment, Adjustments);
        var feed = RestFeed(Feed(context));
        // Trades and quotes are never adjusted: their endpoints take the feed alone.
        return new AlpacaBackfillSource(AlpacaSettings.Append(market, "bars"), [new("feed", feed), new("adjustment", adjustment)], _codec,
            AlpacaHistoryEndpoints.Beside(market, [new("feed", feed)]));
    }

    private static string Feed(VenueContext context) =>
        AlpacaSettings.Choice(context, AlpacaSettingNames.Feed, AlpacaSettingNames.DefaultFeed, Feeds);

    // REST history (bars, trades, quotes) takes only the historical feeds (iex, sip, otc, boats): delayed_sip is a
    // stream/latest-only feed whose history is plain SIP (free plans get SIP history except the last 15 minutes), and
    // the test stream's FAKEPACA has no history, so test lanes fall back to the free iex feed.
    private static string RestFeed(string feed) => feed switch
    {
        "delayed_sip" => "sip",
        "test" => "iex",
        _ => feed,
    };
}
