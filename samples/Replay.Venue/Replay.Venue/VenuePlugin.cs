using Torghut.Abstractions;

namespace Replay.Venue;

/// <summary>
/// A replay venue: streams a recorded JSONL session (trades, quotes, bars) from a loopback simulator, for demos
/// and regression tests. Built from the torghut-plugin template (SampleFromTemplateTests keeps it in step). The
/// plugin's entry point: the host creates it with the parameterless constructor, reads the manifest, and asks it
/// for a feed, a backfill source, the symbol codec and the simulator per lane.
/// </summary>
public sealed class VenuePlugin : IVenuePlugin
{
    /// <summary>Websocket base URL setting.</summary>
    public const string StreamUrlSetting = "REPLAY_VENUE_STREAM_URL";
    /// <summary>REST base URL setting.</summary>
    public const string RestUrlSetting = "REPLAY_VENUE_REST_URL";
    /// <summary>Most symbols per subscribe message.</summary>
    public const string BatchSizeSetting = "SUBSCRIBE_BATCH_SIZE";

    private readonly VenueSymbolCodec _codec = new(Market.Other);

    /// <inheritdoc />
    public PluginManifest Manifest { get; } = new("Replay.Venue", "1.0.0", Market.Other,
        ContractVersion.Text,
        PluginServices.Feed | PluginServices.Backfill | PluginServices.SymbolCodec | PluginServices.Simulator,
        "replay.venue");

    /// <inheritdoc />
    public ISymbolCodec SymbolCodec => _codec;

    /// <inheritdoc />
    public IFeedEndpoint CreateFeed(VenueContext context)
    {
        var url = Url(context, StreamUrlSetting, "wss://stream.replay.venue.example/v1", "ws", "wss");
        var batch = context.Get(BatchSizeSetting, "200");
        if (!int.TryParse(batch, out var batchSize) || batchSize < 1)
            throw new ArgumentException($"{BatchSizeSetting} '{batch}' is not a positive integer");
        return new VenueFeedEndpoint(url, batchSize, _codec);
    }

    /// <inheritdoc />
    public IBackfillSource CreateBackfill(VenueContext context) =>
        new VenueBackfillSource(Url(context, RestUrlSetting, "https://api.replay.venue.example", "http", "https"), _codec);

    /// <summary>A loopback websocket replaying the recorded session shipped in the plugin.</summary>
    public IVenueSimulator CreateSimulator() => new ReplaySimulator();

    private static Uri Url(VenueContext context, string setting, string fallback, params string[] schemes)
    {
        var text = context.Get(setting, fallback);
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || !schemes.Contains(uri.Scheme))
            throw new ArgumentException($"{setting} '{text}' is not an absolute {string.Join("/", schemes)} URL");
        return uri;
    }
}
