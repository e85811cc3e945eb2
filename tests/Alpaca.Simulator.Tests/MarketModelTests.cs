using System.Globalization;
using Alpaca.Simulator.Market;

namespace Alpaca.Simulator.Tests;

/// <summary>The fast paths of the market model must give exactly what the full minute generation gives.</summary>
public sealed class MarketModelTests
{
    private static readonly long FirstMinute = new DateTimeOffset(2024, 7, 24, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() / 60;

    [Theory]
    [InlineData("BTC/USD")]
    [InlineData("DOGE/USD")]
    [InlineData("AAPL")]
    public void Bars_only_generation_equals_the_bars_of_the_full_minute(string symbol)
    {
        // Many late trades and empty minutes, so every branch (updated bar, quote-midpoint bar, no bar) is hit.
        var model = new MarketModel(new SimulatorConfig { LateTradeProbability = 0.3, CryptoEmptyMinuteProbability = 0.2, TradesPerMinute = 5 });
        int updates = 0, empty = 0;
        for (var m = FirstMinute; m < FirstMinute + 1440; m++)
        {
            var full = model.Generate(symbol, m);
            var bars = model.ComputeBars(symbol, m);
            bars.Preliminary.ShouldBe(full.Preliminary);
            bars.Final.ShouldBe(full.Final);
            bars.HasUpdate.ShouldBe(full.HasUpdate);
            model.TradesOf(symbol, m).Select(t => (t.TradeId, t.Price, t.Size, t.PublishNanos))
                .ShouldBe(full.Trades.Select(t => (t.TradeId, t.Price, t.Size, t.PublishNanos)));
            updates += full.HasUpdate ? 1 : 0;
            empty += full.Trades.Length == 0 ? 1 : 0;
        }
        updates.ShouldBeGreaterThan(10);
        empty.ShouldBeGreaterThan(10);
    }

    [Fact]
    public async Task Trade_ids_are_unique_per_symbol_and_a_rate_that_would_repeat_them_is_refused()
    {
        var model = new MarketModel(new SimulatorConfig { TradesPerMinute = 6000, CryptoEmptyMinuteProbability = 0 });
        var ids = Enumerable.Range(0, 5).SelectMany(i => model.TradesOf("ETH/USD", FirstMinute + i)).Select(t => t.TradeId).ToList();
        ids.Count.ShouldBeGreaterThan(5 * 3000);
        ids.ShouldBeUnique();
        await Should.ThrowAsync<ArgumentException>(() => AlpacaSimulatorServer.StartAsync(new SimulatorConfig { TradesPerMinute = 7000 }));
    }

    [Fact]
    public void History_resumes_at_a_position_not_a_time_so_items_sharing_a_timestamp_are_neither_lost_nor_repeated()
    {
        var model = new MarketModel(new SimulatorConfig { CryptoEmptyMinuteProbability = 0 });
        var from = MarketModel.MinuteStartNanos(FirstMinute);
        var to = MarketModel.MinuteStartNanos(FirstMinute + 3) - 1;
        var all = MarketHistory.Visible(model, "BTC/USD", trades: true, from, to, now: long.MaxValue).ToList();
        all.Count.ShouldBeGreaterThan(30);
        var k = all.Count / 2;
        MarketHistory.Visible(model, "BTC/USD", true, from, to, long.MaxValue, resume: all[k].Key).Select(x => x.Event.TradeId)
            .ShouldBe(all.Skip(k).Select(x => x.Event.TradeId));
        // A position at the same time but a later index (as a second item at that instant would have) skips the first.
        var sameTimeNext = all[k].Key with { Index = all[k].Key.Index + 1 };
        MarketHistory.Visible(model, "BTC/USD", true, from, to, long.MaxValue, resume: sameTimeNext).First().Event.TradeId
            .ShouldBe(all[k + 1].Event.TradeId);
        MarketHistory.Visible(model, "BTC/USD", true, from, to, long.MaxValue, desc: true, resume: all[k].Key).Select(x => x.Event.TradeId)
            .ShouldBe(all.Take(k + 1).Reverse().Select(x => x.Event.TradeId));
    }

    [Fact]
    public void Normalize_strips_trailing_zeros_exactly_like_dividing_by_one()
    {
        var rng = new Random(5);
        for (var i = 0; i < 20_000; i++)
        {
            var digits = rng.Next(0, 29);
            var scale = (byte)rng.Next(0, Math.Min(digits, 28) + 1);
            var mantissa = (decimal)rng.NextInt64() * (rng.Next(2) == 0 ? 1 : 1_000_000) * (rng.Next(3) == 0 ? 1000 : 1);
            var value = decimal.Round(mantissa / (decimal)Math.Pow(10, scale), scale) * (rng.Next(2) == 0 ? 1 : -1);
            var expected = value / 1.000000000000000000000000000000000m;
            PriceModel.Normalize(value).ToString(CultureInfo.InvariantCulture).ShouldBe(expected.ToString(CultureInfo.InvariantCulture));
        }
        PriceModel.Normalize(68000.100m).ToString(CultureInfo.InvariantCulture).ShouldBe("68000.1");
        PriceModel.Normalize(0.000m).ToString(CultureInfo.InvariantCulture).ShouldBe("0");
    }

    [Theory]
    [InlineData(68123.456789, 3, "68123.457")]
    [InlineData(0.125, 2, "0.12")] // half to even
    [InlineData(0.135, 2, "0.14")]
    [InlineData(2.5, 0, "2")]
    [InlineData(1.10000000001, 9, "1.1")]
    [InlineData(1e12, 9, "1000000000000")] // too large for integer units: the decimal fallback
    public void RoundTo_rounds_half_to_even_and_strips_zeros(double value, int decimals, string expected) =>
        PriceModel.RoundTo(value, decimals).ToString(CultureInfo.InvariantCulture).ShouldBe(expected);
}
