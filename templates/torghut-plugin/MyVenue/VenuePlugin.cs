using Torghut.Abstractions;

namespace MyVenue;

/// <summary>
/// The plugin's entry point: the host creates it with the parameterless constructor, reads the manifest, and asks
/// it for a feed, a backfill source and the symbol codec per lane.
/// </summary>
public sealed class VenuePlugin : IVenuePlugin
{
    /// <summary>Websocket base URL setting.</summary>
    public const string StreamUrlSetting = "MYVENUE_STREAM_URL";
    /// <summary>REST base URL setting.</summary>
    public const string RestUrlSetting = "MYVENUE_REST_URL";
    /// <summary>Most symbols per subscribe message.</summary>
    public const string BatchSizeSetting = "SUBSCRIBE_BATCH_SIZE";

    private readonly VenueSymbolCodec _codec = new(Market.TemplateMarket);

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("MyVenue", "1.0.0", Market.TemplateMarket,
        ContractVersion.Text, PluginServices.Feed | PluginServices.Backfill | PluginServices.SymbolCodec, "myvenue");

    /// <inheritdoc />
    public ISymbolCodec SymbolCodec => _codec;

    /// <inheritdoc />
    public IFeedEndpoint CreateFeed(VenueContext context)
    {
        var url = Url(context, StreamUrlSetting, "wss://stream.myvenue.example/v1", "ws", "wss");
        var batch = context.Get(BatchSizeSetting, "200");
        if (!int.TryParse(batch, out var batchSize) || batchSize < 1)
            throw new ArgumentException($"{BatchSizeSetting} '{batch}' is not a positive integer");
        return new VenueFeedEndpoint(url, batchSize, _codec);
    }

    /// <inheritdoc />
    public IBackfillSource CreateBackfill(VenueContext context) =>
        new VenueBackfillSource(Url(context, RestUrlSetting, "https://api.myvenue.example", "http", "https"), _codec);

    private static Uri Url(VenueContext context, string setting, string fallback, params string[] schemes)
    {
        var text = context.Get(setting, fallback);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
            throw new ArgumentException($"{setting} '{text}' is not an absolute {string.Join("/", schemes)} URL");
        return uri;
    }
}
