namespace Torghut.Plugins.Testing;

/// <summary>The names of the checks <see cref="PluginConformance"/> runs; each finding carries one.</summary>
public static class ConformanceChecks
{
    /// <summary>Name non-empty and usable as a folder name, version is semver, contract compatible with the kit's,
    /// venue non-empty, and the declared services match what the plugin actually returns.</summary>
    public const string Manifest = "manifest";

    /// <summary>Stream URI is absolute ws/wss with a host; backfill request URIs are absolute http/https with a host.</summary>
    public const string Urls = "urls";

    /// <summary>Channels are a non-empty subset of the supported channels and <c>MaxSymbolsPerMessage</c> is at least 1.</summary>
    public const string Channels = "channels";

    /// <summary>(Un)subscribe messages: no message carries more than <c>MaxSymbolsPerMessage</c> symbols, every symbol
    /// appears exactly once per channel, and an unsupported channel is refused with <see cref="ArgumentException"/>.</summary>
    public const string Subscribe = "subscribe";

    /// <summary>Every record decoded from the recorded frames is valid: non-empty canonical symbol, finite prices,
    /// finite non-negative sizes, a plausible timestamp, and (when promised) timestamps non-decreasing per symbol
    /// and record type within a frame. The recorded frames decode without errors.</summary>
    public const string Records = "records";

    /// <summary>An unknown field injected into every element of every recorded frame changes nothing decoded.</summary>
    public const string UnknownFields = "unknown-fields";

    /// <summary>One corrupted element of a multi-element frame is reported as a <c>DecodeError</c> carrying its
    /// index, and every sibling's records still come out unchanged.</summary>
    public const string MalformedElement = "malformed-element";

    /// <summary><c>Decode</c> never throws: random bytes, every truncation of each recorded frame, empty input and
    /// JSON of the wrong shape. Truncated JSON is reported as at least one <c>DecodeError</c>.</summary>
    public const string Garbage = "garbage";

    /// <summary>Backfill: requests carry the page token and nothing else changes between pages, pages decode into
    /// valid bars, a page without a token ends paging, paging stops on a repeated token, an empty symbol list is
    /// refused, and an unreadable body throws only <see cref="FormatException"/>.</summary>
    public const string Backfill = "backfill";

    /// <summary>History (optional, contract 1.1), for each kind the backfill source's <c>IMarketHistorySource</c>
    /// supports: <c>MaxHistoryPageSize</c> is at least 1, requests are absolute http/https URIs that carry the page
    /// token and change nothing else, an empty symbol list is refused, and garbage bodies throw only
    /// <see cref="FormatException"/>.</summary>
    public const string History = "history";

    /// <summary>Codec: valid samples canonicalize, the canonical form is a fixed point, the broker form maps back to
    /// the same canonical symbol (or is refused), and garbage (empty, whitespace, control characters, 40-character
    /// strings, SQL-ish and path-ish input) is rejected with a reason and never throws.</summary>
    public const string Codec = "codec";
}
