using Torghut.Abstractions;
using Torghut.Plugins.Testing;
using Xunit;

namespace MyVenue.Tests;

/// <summary>The plugin keeps every promise of the Torghut contract (see Torghut.Plugins.Testing.ConformanceChecks).</summary>
public class ConformanceTests
{
    // Replace these with frames and a page recorded from your venue.
    private static readonly string Symbol = new VenuePlugin().Manifest.Market == Market.Crypto ? "BTC/USD" : "ACME";

    private static ConformanceSamples Samples => new()
    {
        Settings = new Dictionary<string, string?> { [VenuePlugin.BatchSizeSetting] = "50" },
        Frames =
        [
            $$"""[{"type":"trade","symbol":"{{Symbol}}","price":101.25,"size":0.125,"time":"2024-03-12T10:00:00.123456789Z"},{"type":"trade","symbol":"{{Symbol}}","price":101.5,"size":2,"time":"2024-03-12T10:00:00.223456789Z"}]""",
            $$"""[{"type":"quote","symbol":"{{Symbol}}","bid":101.2,"bidSize":1.5,"ask":101.3,"askSize":0.75,"time":"2024-03-12T10:00:01Z"},{"type":"bar","symbol":"{{Symbol}}","open":100,"high":102,"low":99.5,"close":101.5,"volume":12.25,"time":"2024-03-12T10:00:00Z"}]""",
        ],
        TimestampsOrderedWithinFrame = true,
        BarsPageWithToken = $$"""{"bars":[{"symbol":"{{Symbol}}","time":"2024-03-12T10:00:00Z","open":100,"high":102,"low":99.5,"close":101.5,"volume":12.25}],"next_page_token":"page-2"}""",
        ValidSymbols = [Symbol.ToLowerInvariant(), Symbol],
    };

    [Fact]
    public void Plugin_conforms_to_the_contract() => PluginConformance.AssertConforms(new VenuePlugin(), Samples);
}
