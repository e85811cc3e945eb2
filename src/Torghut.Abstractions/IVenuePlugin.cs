namespace Torghut.Abstractions;

/// <summary>
/// The entry point of a plugin assembly. The host finds the single public, non-abstract implementation with a
/// public parameterless constructor, reads <see cref="Manifest"/>, and asks it for services per lane.
/// A plugin knows one venue's URLs, messages and symbols; it knows nothing of sessions, retries, Kafka or flags.
/// </summary>
public interface IVenuePlugin
{
    /// <summary>What the plugin is and what it provides.</summary>
    PluginManifest Manifest { get; }

    /// <summary>The codec for this plugin's market. Required when <see cref="PluginServices.SymbolCodec"/> is declared.</summary>
    ISymbolCodec? SymbolCodec { get; }

    /// <summary>Creates the feed endpoint for a lane, configured from <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names the setting.</exception>
    IFeedEndpoint? CreateFeed(VenueContext context);

    /// <summary>Creates the historical bars source for a lane, configured from <paramref name="context"/>.</summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names the setting.</exception>
    IBackfillSource? CreateBackfill(VenueContext context);

    /// <summary>Creates a local simulator of the venue, when the plugin ships one.</summary>
    IVenueSimulator? CreateSimulator() => null;
}

/// <summary>
/// Settings the host hands a plugin for one lane. Keys are the operator-facing names (e.g.
/// <c>ALPACA_STREAM_URL</c>, <c>ALPACA_FEED</c>); the host resolves them from its configuration.
/// </summary>
public sealed class VenueContext
{
    private readonly Func<string, string?> _lookup;

    /// <summary>Creates a context over a settings lookup.</summary>
    /// <param name="lookup">Returns the value of a setting, or null when unset.</param>
    public VenueContext(Func<string, string?> lookup) => _lookup = lookup ?? throw new ArgumentNullException(nameof(lookup));

    /// <summary>Creates a context over a fixed set of settings.</summary>
    public static VenueContext From(IReadOnlyDictionary<string, string?> settings) =>
        new(key => settings.TryGetValue(key, out var v) ? v : null);

    /// <summary>The value of <paramref name="key"/>, or null when unset or blank.</summary>
    public string? Get(string key)
    {
        var value = _lookup(key);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The value of <paramref name="key"/>, or <paramref name="fallback"/> when unset or blank.</summary>
    public string Get(string key, string fallback) => Get(key) ?? fallback;
}
