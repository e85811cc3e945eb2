using Alpaca.Shared;
using Torghut.Abstractions;

namespace Alpaca.Crypto;

/// <summary>
/// The Alpaca crypto plugin: the <c>v1beta3/crypto/{location}</c> stream, the crypto bars, trades and quotes REST endpoints and
/// <c>BASE/QUOTE</c> symbols. <c>ALPACA_FEED</c> is an equity setting and is ignored here.
/// </summary>
public sealed class AlpacaCryptoPlugin : IVenuePlugin, IVenueCredentialSettings
{
    public string KeyIdSetting => AlpacaSettingNames.KeyId;
    public string SecretSetting => AlpacaSettingNames.SecretKey;

    // us, us-1 (Kraken US), eu-1 (Kraken EU) are documented; us-2 and bs-1 are what the Go SDK also defines.
    internal static readonly string[] Locations = ["us", "us-1", "eu-1", "us-2", "bs-1"];
    internal static readonly string[] SupportedChannels = ["trades", "quotes", "bars", "updatedBars", "dailyBars", "orderbooks"];
    internal static readonly string[] DefaultChannels = ["trades", "quotes", "bars", "updatedBars"];

    private readonly CryptoSymbolCodec _codec = new();

    public PluginManifest Manifest { get; } =
        AlpacaPluginInfo.Manifest("Alpaca.Crypto", Market.Crypto, typeof(AlpacaCryptoPlugin).Assembly);

    public ISymbolCodec SymbolCodec => _codec;

    public IFeedEndpoint CreateFeed(VenueContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var location = Location(context);
        var uri = AlpacaSettings.Append(AlpacaSettings.StreamBase(context), $"v1beta3/crypto/{location}");
        return new AlpacaFeedEndpoint(uri, SupportedChannels,
            AlpacaSettings.Channels(context, SupportedChannels, DefaultChannels),
            AlpacaSettings.BatchSize(context), _codec);
    }

    public IBackfillSource CreateBackfill(VenueContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var market = AlpacaSettings.Append(AlpacaSettings.RestBase(context), $"v1beta3/crypto/{Location(context)}");
        // No feed, adjustment or currency: the crypto endpoints reject unexpected query parameters.
        return new AlpacaBackfillSource(AlpacaSettings.Append(market, "bars"), null, _codec, AlpacaHistoryEndpoints.Beside(market));
    }

    private static string Location(VenueContext context) =>
        AlpacaSettings.Choice(context, AlpacaSettingNames.CryptoLocation, AlpacaSettingNames.DefaultCryptoLocation, Locations);
}
