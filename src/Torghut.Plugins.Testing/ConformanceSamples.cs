namespace Torghut.Plugins.Testing;

/// <summary>
/// What the author gives the kit besides the plugin: lane settings, recorded frames, sample bars pages and sample
/// symbols. Each check that lacks its input is skipped, not failed (see <see cref="PluginConformance"/>).
/// </summary>
public sealed record ConformanceSamples
{
    /// <summary>Lane settings handed to <c>CreateFeed</c>/<c>CreateBackfill</c> (operator-facing names).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Recorded data frames as the venue sent them (UTF-8 JSON; an array of elements or a single element). The
    /// element-level checks (unknown field, malformed element) need JSON; at least one frame with two or more data
    /// elements is needed for the malformed-element check.
    /// </summary>
    public IReadOnlyList<string> Frames { get; init; } = [];

    /// <summary>
    /// True when the venue promises that records of one symbol and type are in time order within a frame; then the
    /// kit checks timestamps are non-decreasing per symbol and record type within each frame.
    /// </summary>
    public bool TimestampsOrderedWithinFrame { get; init; }

    /// <summary>
    /// A recorded bars page that carries a next-page token (a JSON string literal somewhere in the body). The kit
    /// builds the other pages from it: the same page again (a repeated token) and the page with the token replaced
    /// by <c>null</c> (the last page).
    /// </summary>
    public string? BarsPageWithToken { get; init; }

    /// <summary>Valid symbols in any form a user may type; the first one is also the template for generated symbols.</summary>
    public IReadOnlyList<string> ValidSymbols { get; init; } = [];

    /// <summary>More inputs the codec must reject, on top of the kit's own garbage list.</summary>
    public IReadOnlyList<string> InvalidSymbols { get; init; } = [];

    /// <summary>
    /// Reads back which (channel, symbol) pairs a subscribe message adds. The default reads JSON objects whose
    /// properties named after a channel hold an array of symbol strings (<c>{"action":"subscribe","trades":["A"]}</c>);
    /// a venue with another wire format supplies its own.
    /// </summary>
    public Func<string, IEnumerable<(string Channel, string Symbol)>>? SubscribeReader { get; init; }
}
