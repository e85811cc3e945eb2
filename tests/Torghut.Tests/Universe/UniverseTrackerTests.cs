using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Universe;
using Torghut.Tests.Support;

namespace Torghut.Tests.Universe;

public sealed class UniverseTrackerTests
{
    private static readonly ISymbolCodec Crypto = AlpacaLane.Plugin("Alpaca.Crypto").SymbolCodec!;

    // A generous fetch timeout: a cold connection on a loaded CI machine must not look like a failing service.
    private static UniverseTracker Tracker(ScriptedHttpServer jangar, IReadOnlyList<string> initial, Func<bool>? enabled = null, TimeSpan? timeout = null) =>
        new("crypto", Crypto, initial,
            new UniverseOptions(UniverseOptions.WithAssetClass(new Uri(jangar.Url + "/api/torghut/symbols?assetClass=equity"), Market.Crypto),
                TimeSpan.FromMilliseconds(100), timeout ?? TimeSpan.FromSeconds(10)),
            new HttpClient(), NullLogger.Instance, enabled);

    [Fact]
    public async Task Uses_the_service_list_canonicalized_and_asks_for_the_lanes_asset_class()
    {
        await using var jangar = await ScriptedHttpServer.StartAsync();
        jangar.Respond(200, """{"symbols":["btc/usd"," ETH/USD ","SOLUSD","not a symbol!","BTC/USD"],"extra":1}""");
        var tracker = Tracker(jangar, ["BTC/USD"]);
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD", "ETH/USD", "SOL/USD"]);
        jangar.LastQuery.ShouldBe("?assetClass=crypto");
        tracker.Dropped.Keys.ShouldBe(["not a symbol!"]);
        tracker.Degraded.ShouldBeFalse();
        tracker.FetchSuccesses.ShouldBe(1);
    }

    [Theory]
    [InlineData(500, """{"error":"boom"}""", "HTTP 500")]
    [InlineData(200, """{"symbols":[]}""", "empty_result")]
    [InlineData(200, """{"symbols":["%%%"]}""", "empty_result")]
    [InlineData(200, "not json", "fetch_error")]
    [InlineData(200, """{"items":[]}""", "no 'symbols' list")]
    public async Task A_failed_or_empty_fetch_keeps_the_last_known_list(int status, string body, string reason)
    {
        await using var jangar = await ScriptedHttpServer.StartAsync();
        jangar.Respond(200, """{"symbols":["BTC/USD","ETH/USD"]}""");
        var tracker = Tracker(jangar, ["SOL/USD"]);
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD", "ETH/USD"]);

        jangar.Respond(status, body);
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD", "ETH/USD"]);
        tracker.Degraded.ShouldBeTrue();
        tracker.FetchFailures.ShouldBe(1);
        tracker.LastFailure.ShouldContain(reason);

        jangar.Respond(200, """{"symbols":["ETH/USD"]}""");
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["ETH/USD"]);
        tracker.Degraded.ShouldBeFalse();
    }

    [Fact]
    public async Task A_slow_service_times_out_and_the_first_run_falls_back_to_the_configured_symbols()
    {
        await using var jangar = await ScriptedHttpServer.StartAsync();
        jangar.Respond(200, """{"symbols":["ETH/USD"]}""", delay: TimeSpan.FromSeconds(30));
        var tracker = Tracker(jangar, ["BTC/USD", "SOL/USD"], timeout: TimeSpan.FromSeconds(1));
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD", "SOL/USD"]);
        tracker.LastFailure.ShouldContain("timed out");
    }

    [Fact]
    public async Task Turning_the_crypto_universe_flag_off_empties_the_universe()
    {
        await using var jangar = await ScriptedHttpServer.StartAsync();
        jangar.Respond(200, """{"symbols":["BTC/USD"]}""");
        var enabled = true;
        var tracker = Tracker(jangar, ["BTC/USD"], () => enabled);
        (await tracker.RefreshAsync(CancellationToken.None)).ShouldBe(["BTC/USD"]);
        enabled = false;
        tracker.Current.ShouldBeEmpty();
        enabled = true;
        tracker.Current.ShouldBe(["BTC/USD"]);
    }

    [Theory]
    [InlineData("http://j/api/torghut/symbols", Market.Crypto, "http://j/api/torghut/symbols?assetClass=crypto")]
    [InlineData("http://j/api/torghut/symbols?assetClass=crypto&format=compact", Market.Equity, "http://j/api/torghut/symbols?format=compact&assetClass=equity")]
    public void One_symbols_url_serves_both_lanes(string url, Market market, string expected)
    {
        UniverseOptions.WithAssetClass(new Uri(url), market).ToString().ShouldBe(expected);
    }
}
