using System.Text;
using System.Text.Json;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing.Tests;

/// <summary>A plugin that breaks one promise per check, so the kit's own tests can show each check bites.</summary>
internal sealed class BrokenPlugin : IVenuePlugin
{
    public PluginManifest Manifest { get; } = new("Broken/Plugin", "v1", Market.Crypto, "2.0",
        PluginServices.Feed | PluginServices.Backfill | PluginServices.SymbolCodec | PluginServices.Simulator, "broken");
    public ISymbolCodec SymbolCodec { get; } = new AcceptEverything();
    public IFeedEndpoint CreateFeed(VenueContext context) => new Feed();
    public IBackfillSource CreateBackfill(VenueContext context) => new Backfill();

    private sealed class AcceptEverything : ISymbolCodec
    {
        public Market Market => Market.Equity;
        public SymbolResult Canonicalize(string? raw) => raw is null ? throw new ArgumentNullException(nameof(raw)) : SymbolResult.Ok(raw + " ");
        public string ToBrokerForm(string canonical) => "";
    }

    private sealed class Feed : IFeedEndpoint
    {
        public Uri StreamUri => new("http://example.test/stream");
        public IReadOnlyList<string> SupportedChannels => ["trades"];
        public IReadOnlyList<string> Channels => ["trades", "quotes"];
        public int MaxSymbolsPerMessage => 3;
        public string BuildAuthMessage(VenueCredentials credentials) => "{}";
        // Ignores the limit and repeats the first symbol.
        public IReadOnlyList<string> BuildSubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols) =>
            [JsonSerializer.Serialize(new Dictionary<string, object> { ["trades"] = symbols.Append(symbols[0]).ToArray() })];
        public IReadOnlyList<string> BuildUnsubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols) =>
            BuildSubscribeMessages(channels, symbols);

        // Throws on bad input, rejects unknown fields, and gives up on the whole frame at the first bad element.
        public void Decode(ReadOnlySpan<byte> frame, IFeedSink sink)
        {
            using var doc = JsonDocument.Parse(frame.ToArray());
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.EnumerateObject().Count() != 4) { sink.OnDecodeError(new DecodeError(0, null, "unexpected fields")); return; }
                sink.OnTrade(new Trade(e.GetProperty("S").GetString()!, e.GetProperty("p").GetDouble(),
                    -e.GetProperty("s").GetDouble(), new NanoTimestamp(e.GetProperty("t").GetInt64()) /* seconds read as nanoseconds */));
            }
        }
    }

    // Also offers history its manifest does not declare, with a relative URI, the token dropped, no symbols accepted
    // and a decoder that lets JsonException escape.
    private sealed class Backfill : IBackfillSource, IMarketHistorySource
    {
        public int MaxHistoryPageSize => 0;
        public bool SupportsHistory(HistoryKind kind) => kind == HistoryKind.Trades;
        public HttpRequestSpec BuildHistoryRequest(HistoryRequest request, VenueCredentials? credentials) =>
            new(new Uri("/v1/trades", UriKind.Relative), new Dictionary<string, string>());
        public HistoryPage DecodeHistoryPage(HistoryKind kind, ReadOnlySpan<byte> body)
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            return new HistoryPage([], [], null, []);
        }

        public int MaxPageSize => 0;
        public HttpRequestSpec BuildRequest(BarsRequest request, VenueCredentials? credentials) =>
            new(new Uri("ftp://example.test/bars"), new Dictionary<string, string>());
        public BarsPage DecodePage(ReadOnlySpan<byte> body) =>
            new(JsonDocument.Parse(body.ToArray()).RootElement.GetProperty("bars").EnumerateArray()
                .Select(b => new Bar("X", double.NaN, 1, 2, 1, -1, default)).ToArray(), "same-token-always", []);
    }

    public static ConformanceSamples Samples => new()
    {
        Frames = ["""[{"S":"A","p":1.5,"s":2,"t":1710237600},{"S":"A","p":2.5,"s":3,"t":1710237599}]"""],
        TimestampsOrderedWithinFrame = true,
        BarsPageWithToken = """{"bars":[{"t":"2024-03-12T10:00:00Z"}],"next_page_token":"abc"}""",
        ValidSymbols = ["AAA"],
    };
}
