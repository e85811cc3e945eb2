using System.Net;
using System.Text.Json;
using Torghut.Abstractions;

namespace Alpaca.Simulator.Tests;

/// <summary>The page-content REST faults: well-formed pages a client must not take as the requested data.</summary>
public sealed class RestFaultTests
{
    private const string Start = "2024-07-24T12:00:00Z";
    private const string Range = $"start={Start}&end=2024-07-24T12:29:00Z";
    private static readonly NanoTimestamp StartTime = NanoTimestamp.Parse(Start);

    private static IEnumerable<NanoTimestamp> Times(JsonElement body, string key) =>
        body.GetProperty(key).EnumerateObject().SelectMany(p => p.Value.EnumerateArray()).Select(i => NanoTimestamp.Parse(i.GetProperty("t").GetString()!));

    private static async Task<JsonElement> PageAsync(AlpacaSimulatorServer sim, string url)
    {
        using var http = Http.Client(sim);
        var (status, body, _) = await Http.GetAsync(http, url);
        status.ShouldBe(HttpStatusCode.OK, body.GetRawText());
        return body;
    }

    [Theory]
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD,ETH/USD", "trades")]
    [InlineData("/v1beta3/crypto/us/quotes?symbols=BTC/USD", "quotes")]
    [InlineData("/v2/stocks/bars?symbols=AAPL&timeframe=1Min", "bars")]
    public async Task Foreign_symbol_adds_a_symbol_that_was_not_requested(string path, string key)
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { FaultPlan = "rest-foreign-symbol rate=1 count=1" });
        var requested = path.Split("symbols=")[1].Split('&')[0].Split(',');
        var body = await PageAsync(sim, $"{path}&{Range}");
        var symbols = body.GetProperty(key).EnumerateObject().Select(p => p.Name).ToList();
        symbols.Except(requested).Count().ShouldBe(1);
        requested.ShouldBeSubsetOf(symbols);
        // count=1: the next page is clean again.
        (await PageAsync(sim, $"{path}&{Range}")).GetProperty(key).EnumerateObject().Select(p => p.Name).ShouldBe(requested);
    }

    [Fact]
    public async Task Foreign_symbol_on_a_single_symbol_request_answers_for_another_symbol()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { FaultPlan = "rest-foreign-symbol rate=1" });
        var body = await PageAsync(sim, $"/v2/stocks/AAPL/trades?{Range}");
        body.GetProperty("symbol").GetString().ShouldNotBe("AAPL");
        body.GetProperty("trades").GetArrayLength().ShouldBeGreaterThan(0);
    }

    [Theory]
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD", "trades")]
    [InlineData("/v2/stocks/quotes?symbols=MSFT", "quotes")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=SOL/USD&timeframe=1Min", "bars")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=SOL/USD&timeframe=15Min", "bars")]
    public async Task Out_of_range_puts_an_item_before_the_requested_start(string path, string key)
    {
        await using var clean = await Sim.StartAsync(Sim.Fast());
        Times(await PageAsync(clean, $"{path}&{Range}"), key).ShouldAllBe(t => t >= StartTime);

        await using var sim = await Sim.StartAsync(Sim.Fast() with { FaultPlan = "rest-out-of-range rate=1" });
        var times = Times(await PageAsync(sim, $"{path}&{Range}"), key).ToList();
        times.Count(t => t < StartTime).ShouldBe(1);
        times.Count(t => t >= StartTime).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Wrong_timeframe_answers_1Min_bars_with_5_minute_spacing_and_leaves_trades_alone()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { FaultPlan = "rest-wrong-timeframe rate=1 count=2" });
        // Trades cannot come in a wrong timeframe: the rule neither fires nor spends its count on them.
        var trades = await PageAsync(sim, $"/v1beta3/crypto/us/trades?symbols=BTC/USD&{Range}&limit=5");
        trades.GetProperty("trades").GetProperty("BTC/USD").GetArrayLength().ShouldBe(5);

        for (var i = 0; i < 2; i++)
        {
            var wrong = Times(await PageAsync(sim, $"/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&{Range}"), "bars").ToList();
            wrong.Count.ShouldBe(6);
            wrong.Zip(wrong.Skip(1), (a, b) => b.UnixSeconds - a.UnixSeconds).ShouldAllBe(d => d == 300);
        }
        Times(await PageAsync(sim, $"/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&{Range}"), "bars").Count().ShouldBe(30);
    }
}
