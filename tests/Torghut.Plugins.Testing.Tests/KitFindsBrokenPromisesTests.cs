namespace Torghut.Plugins.Testing.Tests;

/// <summary>Each check reports the promise <see cref="BrokenPlugin"/> breaks, and AssertConforms lists them all.</summary>
public class KitFindsBrokenPromisesTests
{
    private readonly IReadOnlyList<ConformanceFinding> _findings = PluginConformance.Check(new BrokenPlugin(), BrokenPlugin.Samples);

    private IEnumerable<string> Of(string check) => _findings.Where(f => f.Check == check).Select(f => f.Detail);

    [Fact]
    public void Manifest_name_version_contract_services_and_codec_market_are_checked()
    {
        var details = string.Join("\n", Of(ConformanceChecks.Manifest));
        details.ShouldContain("not usable as a folder name");
        details.ShouldContain("not a semantic version");
        details.ShouldContain("different major");
        details.ShouldContain("declares Simulator but CreateSimulator returned null");
        details.ShouldContain("codec market Equity differs");
    }

    [Fact]
    public void Urls_must_be_websocket_for_the_stream_and_http_for_backfill()
    {
        Of(ConformanceChecks.Urls).ShouldContain(d => d.Contains("ws://"));
        Of(ConformanceChecks.Urls).ShouldContain(d => d.Contains("http://"));
    }

    [Fact]
    public void Unsupported_configured_channel_is_reported() =>
        Of(ConformanceChecks.Channels).ShouldContain(d => d.Contains("'quotes' is not in SupportedChannels"));

    [Fact]
    public void Oversized_chunks_duplicates_missing_channels_and_accepted_bad_channels_are_reported()
    {
        var details = string.Join("\n", Of(ConformanceChecks.Subscribe));
        details.ShouldContain("MaxSymbolsPerMessage is 3");
        details.ShouldContain("appears 2 times");
        details.ShouldContain("missing on channel 'quotes'");
        details.ShouldContain("did not throw ArgumentException");
    }

    [Fact]
    public void Negative_sizes_non_canonical_symbols_bad_timestamps_and_time_travel_are_reported()
    {
        var details = string.Join("\n", Of(ConformanceChecks.Records));
        details.ShouldContain("size -2 is not");
        details.ShouldContain("not in canonical form");
        details.ShouldContain("outside 1990..2100");
        details.ShouldContain("goes back in time");
    }

    [Fact]
    public void Unknown_fields_malformed_elements_and_garbage_are_reported()
    {
        Of(ConformanceChecks.UnknownFields).ShouldNotBeEmpty();
        Of(ConformanceChecks.MalformedElement).ShouldNotBeEmpty();
        Of(ConformanceChecks.Garbage).ShouldContain(d => d.Contains("threw"));
    }

    [Fact]
    public void Backfill_paging_and_bar_validity_are_checked()
    {
        var details = string.Join("\n", Of(ConformanceChecks.Backfill));
        details.ShouldContain("MaxPageSize is 0");
        details.ShouldContain("open NaN is not finite");
        details.ShouldContain("does not carry the page token");
        details.ShouldContain("did not throw ArgumentException");
        details.ShouldContain("only FormatException is allowed");
    }

    [Fact]
    public void History_found_on_the_backfill_source_is_checked_for_each_supported_kind()
    {
        Of(ConformanceChecks.Manifest).ShouldContain(d => d.Contains("does not declare (History)"));
        Of(ConformanceChecks.Urls).ShouldContain(d => d.Contains("Trades history request URI '/v1/trades'"));
        var details = string.Join("\n", Of(ConformanceChecks.History));
        details.ShouldContain("MaxHistoryPageSize is 0");
        details.ShouldContain("BuildHistoryRequest(Trades) with no symbols did not throw ArgumentException");
        details.ShouldContain("DecodeHistoryPage(Trades) on");
        details.ShouldContain("only FormatException is allowed");
        details.ShouldNotContain("Quotes"); // a kind the source does not support is left alone
    }

    [Fact]
    public void Codec_that_accepts_everything_and_throws_on_null_is_reported()
    {
        var details = string.Join("\n", Of(ConformanceChecks.Codec));
        details.ShouldContain("Canonicalize(null) threw");
        details.ShouldContain("is not a fixed point");
        details.ShouldContain("broker form of 'AAA ' is empty");
        details.ShouldContain("garbage \"AAPL'; DROP TABLE bars;--\" was accepted");
    }

    [Fact]
    public void AssertConforms_throws_with_every_finding_in_the_message()
    {
        var e = Should.Throw<PluginConformanceException>(() => PluginConformance.AssertConforms(new BrokenPlugin(), BrokenPlugin.Samples));
        e.Findings.Count.ShouldBe(_findings.Count);
        e.Message.ShouldContain("[codec]");
    }
}
