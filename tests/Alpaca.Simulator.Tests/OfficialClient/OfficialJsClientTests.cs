using System.Text.Json;
using Torghut.Abstractions;

namespace Alpaca.Simulator.Tests.OfficialClient;

/// <summary>
/// The issue's acceptance check: Alpaca's own official client library, pointed at the simulator, authenticates,
/// subscribes to crypto trades, quotes and bars and receives them correctly. The JS client speaks MessagePack
/// (Content-Type: application/msgpack on the handshake), so this also checks the simulator's MessagePack encoding.
/// </summary>
[Collection(nameof(OfficialClientCollection))]
public sealed class OfficialJsClientTests
{
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD"];

    [Fact]
    public async Task Official_js_client_authenticates_subscribes_and_receives_crypto_trades_quotes_and_bars()
    {
        var clientDir = await NodeClientRunner.EnsureInstalledAsync();
        // Speed 60: a simulated minute per wall second, so bars arrive about once a second per symbol.
        await using var sim = await Sim.StartAsync(new SimulatorConfig
        {
            Speed = 60,
            Credentials = [new SimCredential("JSKEY", "JSSECRET")],
        });

        // The script stops as soon as it has 3 bars per symbol; 60 s is only the give-up point on a stalled machine.
        var summary = await NodeClientRunner.RunScriptAsync(clientDir, "crypto-stream.js", TimeSpan.FromSeconds(90),
            sim.StreamUrl("/v1beta3/crypto/us").ToString(), "JSKEY", "JSSECRET", string.Join(',', Symbols), "3", "60");

        summary.GetProperty("authenticated").GetBoolean().ShouldBeTrue($"auth status: {summary.GetProperty("authStatus")}");
        summary.GetProperty("errors").GetArrayLength().ShouldBe(0, summary.GetProperty("errors").ToString());
        var subscription = summary.GetProperty("subscription");
        foreach (var channel in new[] { "trades", "quotes", "bars" })
            Strings(subscription.GetProperty(channel)).ShouldBe(Symbols, ignoreOrder: true);

        foreach (var symbol in Symbols)
        {
            var (low, high) = symbol == "BTC/USD" ? (55_000d, 80_000d) : (1_500d, 2_500d);
            var trades = Of(summary, "trades", symbol);
            trades.ShouldNotBeEmpty($"no trades for {symbol}");
            trades.ShouldAllBe(t => t.GetProperty("price").GetDouble() > low && t.GetProperty("price").GetDouble() < high);
            trades.ShouldAllBe(t => t.GetProperty("size").GetDouble() > 0);
            trades.ShouldContain(t => t.GetProperty("size").GetDouble() % 1 != 0, $"{symbol} trade sizes should be fractional");
            trades.ShouldAllBe(t => t.GetProperty("takerSide").GetString() == "B" || t.GetProperty("takerSide").GetString() == "S");
            // The msgpack timestamp extension carries nanoseconds; the client keeps all nine digits.
            trades.ShouldAllBe(t => t.GetProperty("t").GetString()!.Length == "2024-07-24T14:00:00.123456789Z".Length);

            var quotes = Of(summary, "quotes", symbol);
            quotes.ShouldNotBeEmpty($"no quotes for {symbol}");
            quotes.ShouldAllBe(q => q.GetProperty("bidPrice").GetDouble() > low && q.GetProperty("askPrice").GetDouble() < high);
            quotes.ShouldAllBe(q => q.GetProperty("bidPrice").GetDouble() <= q.GetProperty("askPrice").GetDouble());
            quotes.ShouldContain(q => q.GetProperty("bidSize").GetDouble() % 1 != 0, $"{symbol} quote sizes should be fractional");

            var bars = Of(summary, "bars", symbol);
            bars.Count.ShouldBeGreaterThanOrEqualTo(3, $"bars for {symbol}");
            var truth = sim.Truth.Bars(symbol);
            foreach (var bar in bars)
            {
                var minute = NanoTimestamp.Parse(bar.GetProperty("t").GetString()!);
                truth.ShouldContainKey(minute, $"{symbol} bar at {bar.GetProperty("t")} is not in the simulator's ground truth");
                var expected = truth[minute];
                bar.GetProperty("open").GetDouble().ShouldBe((double)expected.Open);
                bar.GetProperty("high").GetDouble().ShouldBe((double)expected.High);
                bar.GetProperty("low").GetDouble().ShouldBe((double)expected.Low);
                bar.GetProperty("close").GetDouble().ShouldBe((double)expected.Close);
                bar.GetProperty("volume").GetDouble().ShouldBe((double)expected.Volume);
                bar.GetProperty("tradeCount").GetInt64().ShouldBe(expected.TradeCount);
                bar.GetProperty("vwap").GetDouble().ShouldBe((double)expected.Vwap);
            }
        }
    }

    private static List<JsonElement> Of(JsonElement summary, string kind, string symbol) =>
        summary.GetProperty(kind).EnumerateArray().Where(e => e.GetProperty("symbol").GetString() == symbol).ToList();

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();
}

/// <summary>Node and npm are CPU-heavy on a 2-core machine: run this alone so it does not starve timing-sensitive tests.</summary>
[CollectionDefinition(nameof(OfficialClientCollection), DisableParallelization = true)]
public sealed class OfficialClientCollection;
