using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Ingest;
using Torghut.Host.Plugins;
using Torghut.Host.Transport;

namespace Torghut.Tests.Support;

/// <summary>
/// A feed session over the real Alpaca plugin, loaded from the host's plugins folder exactly as the host loads it,
/// pointed at a simulator.
/// </summary>
public static class AlpacaLane
{
    private static readonly Lazy<PluginCatalog> Catalog = new(() => new PluginCatalog(
        PluginsOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ConfigKeys.PluginsDir] = RepoPaths.HostPlugins }).Build()),
        NullLogger<PluginCatalog>.Instance));

    public static IVenuePlugin Plugin(string name) =>
        Catalog.Value.FindLoaded(name)?.Instance ?? throw new InvalidOperationException($"{name} not loadable from {RepoPaths.HostPlugins}");

    public static IFeedEndpoint Feed(string plugin, IReadOnlyDictionary<string, string> settings) =>
        Plugin(plugin).CreateFeed(VenueContext.From(settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)))!;

    public static FeedSession Session(IFeedEndpoint feed, RecordingPublisher publisher, IReadOnlyList<string> symbols,
        SessionOptions? options = null, string key = "test-key", string secret = "test-secret", string lane = "crypto",
        Microsoft.Extensions.Logging.ILogger? logger = null) =>
        new(lane, feed, new VenueCredentials(key, secret), publisher,
            new EnvelopeWriter("alpaca", new TopicMap("torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1", "torghut.status.v1"), new SequenceClock()),
            options ?? new SessionOptions(), symbols, logger ?? NullLogger.Instance);
}
