using System.Globalization;
using System.Text.Json;
using Torghut.Abstractions;
using static Alpaca.Simulator.Tests.WsTestClient;

namespace Alpaca.Simulator.Tests;

public sealed class MarketDataTests
{
    private static string S(JsonElement m) => m.GetProperty("S").GetString()!;
    private static string T(JsonElement m) => m.GetProperty("T").GetString()!;
    private static NanoTimestamp Time(JsonElement m) => NanoTimestamp.Parse(m.GetProperty("t").GetString()!);

    [Fact]
    public async Task Crypto_stream_has_realistic_prices_fractional_sizes_nanosecond_times_and_a_bar_every_minute()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","trades":["BTC/USD","ETH/USD","SOL/USD"],"quotes":["BTC/USD"],"bars":["*"]}""");
        foreach (var sym in new[] { "BTC/USD", "ETH/USD", "SOL/USD" })
            for (var i = 0; i < 4; i++) await client.WaitForAsync(m => T(m) == "b" && S(m) == sym);

        var trades = client.Messages.Where(m => T(m) == "t").ToList();
        AvgPrice(trades, "BTC/USD").ShouldBeInRange(60_000, 76_000);
        AvgPrice(trades, "ETH/USD").ShouldBeInRange(1_700, 2_300);
        AvgPrice(trades, "SOL/USD").ShouldBeInRange(70, 100);
        trades.ShouldContain(t => t.GetProperty("s").GetDecimal() != decimal.Truncate(t.GetProperty("s").GetDecimal()));
        trades.ShouldContain(t => t.GetProperty("t").GetString()!.Split('.').Last().TrimEnd('Z').Length == 9);
        trades.All(t => t.TryGetProperty("tks", out _) && t.TryGetProperty("i", out _)).ShouldBeTrue();
        var quote = client.Messages.First(m => T(m) == "q");
        quote.GetProperty("ap").GetDecimal().ShouldBeGreaterThan(quote.GetProperty("bp").GetDecimal());

        // Bars: minute-aligned, consecutive minutes per symbol (crypto bars even without trades).
        var btcBars = client.Messages.Where(m => T(m) == "b" && S(m) == "BTC/USD").Select(Time).ToList();
        btcBars.ShouldAllBe(t => t.UnixNanoseconds % 60_000_000_000L == 0);
        for (var i = 1; i < btcBars.Count; i++) (btcBars[i].UnixSeconds - btcBars[i - 1].UnixSeconds).ShouldBe(60);
        // "*" covered the default universe's symbols.
        client.Messages.Where(m => T(m) == "b").Select(S).Distinct().ShouldBeSubsetOf(sim.Truth.Counts().Select(c => c.Symbol));
    }

    private static double AvgPrice(List<JsonElement> trades, string symbol) =>
        trades.Where(t => S(t) == symbol).Average(t => t.GetProperty("p").GetDouble());

    [Fact]
    public async Task Crypto_minutes_without_trades_still_get_a_bar_priced_from_quotes_with_zero_volume()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { TradesPerMinute = 0 });
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","bars":["BTC/USD"],"quotes":["BTC/USD"]}""");
        var bar = await client.WaitForAsync(m => T(m) == "b");
        bar.GetProperty("v").GetDecimal().ShouldBe(0);
        bar.GetProperty("n").GetInt64().ShouldBe(0);
        bar.GetProperty("vw").GetDecimal().ShouldBe(0);
        // OHLC are quote midpoints of that minute: derive them from the quotes we received for that minute.
        var minute = Time(bar).UnixNanoseconds;
        var mids = client.Messages.Where(m => T(m) == "q" && Time(m).UnixNanoseconds >= minute && Time(m).UnixNanoseconds < minute + 60_000_000_000L)
            .Select(q => (q.GetProperty("bp").GetDecimal() + q.GetProperty("ap").GetDecimal()) / 2).ToList();
        if (mids.Count > 0 && Time(client.Messages.First(m => T(m) == "q")).UnixNanoseconds <= minute)
        {
            bar.GetProperty("o").GetDecimal().ShouldBe(mids[0]);
            bar.GetProperty("c").GetDecimal().ShouldBe(mids[^1]);
            bar.GetProperty("h").GetDecimal().ShouldBe(mids.Max());
            bar.GetProperty("l").GetDecimal().ShouldBe(mids.Min());
        }
        bar.GetProperty("h").GetDecimal().ShouldBeGreaterThanOrEqualTo(bar.GetProperty("l").GetDecimal());
    }

    [Fact]
    public async Task Stocks_without_trades_in_a_minute_get_no_bar()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { TradesPerMinute = 0 });
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/iex"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","bars":["AAPL"],"quotes":["AAPL"]}""");
        var first = await client.WaitForAsync(m => T(m) == "q");
        // Wait until quotes of three later minutes have arrived, so three minute marks have passed.
        await client.WaitForAsync(m => T(m) == "q" && Time(m).UnixSeconds / 60 >= Time(first).UnixSeconds / 60 + 3);
        client.Messages.ShouldNotContain(m => T(m) == "b");
        sim.Truth.Published("AAPL", "bars").ShouldBe(0);
    }

    [Fact]
    public async Task Stocks_are_closed_at_night_and_weekends_but_FAKEPACA_and_crypto_run()
    {
        var saturday = new DateTimeOffset(2024, 7, 27, 15, 0, 0, TimeSpan.Zero);
        await using var sim = await Sim.StartAsync(new SimulatorConfig { Speed = 600, Start = saturday });
        await using var stocks = await ConnectAsync(sim.StreamUrl("/v2/iex"));
        await stocks.AuthAsync();
        await stocks.SubscribeAsync("""{"action":"subscribe","trades":["AAPL"],"quotes":["AAPL"],"bars":["AAPL"]}""");
        await using var test = await ConnectAsync(sim.StreamUrl("/v2/test"));
        await test.AuthAsync("k2", "s2");
        await test.SubscribeAsync("""{"action":"subscribe","bars":["FAKEPACA"]}""");
        await test.WaitForAsync(m => T(m) == "b");
        await test.WaitForAsync(m => T(m) == "b"); // two minutes of FAKEPACA bars have passed meanwhile
        sim.Truth.Published("AAPL", "trades").ShouldBe(0);
        sim.Truth.Published("AAPL", "quotes").ShouldBe(0);

        // REST over a whole weekday: every AAPL bar lies in 04:00-20:00 New York time, and there are bars in
        // the pre, regular and post sessions.
        using var http = Http.Client(sim);
        var bars = await Http.AllPagesAsync(http, "/v2/stocks/bars?symbols=AAPL&timeframe=1Min&start=2024-07-23T00:00:00Z&end=2024-07-24T06:00:00Z&limit=10000");
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var localMinutes = bars["AAPL"].Select(b => TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(b.GetProperty("t").GetString()!, CultureInfo.InvariantCulture), ny))
            .Select(t => t.Hour * 60 + t.Minute).ToList();
        localMinutes.ShouldAllBe(m => m >= 240 && m < 1200);
        localMinutes.ShouldContain(m => m < 570);
        localMinutes.ShouldContain(m => m >= 570 && m < 960);
        localMinutes.ShouldContain(m => m >= 960);
    }

    [Fact]
    public async Task Same_seed_gives_the_same_market_and_another_seed_a_different_one()
    {
        var config = new SimulatorConfig { Speed = 1, Start = Sim.RegularSession, Seed = 5 };
        await using var a = await Sim.StartAsync(config);
        await using var b = await Sim.StartAsync(config);
        await using var c = await Sim.StartAsync(config with { Seed = 6 });
        const string url = "/v1beta3/crypto/us/bars?symbols=BTC/USD,XYZ/USD&timeframe=1Min&start=2024-07-24T12:00:00Z&end=2024-07-24T13:00:00Z";
        string Get(AlpacaSimulatorServer s) => Http.Client(s, auth: false).GetStringAsync(url).GetAwaiter().GetResult();
        var ra = Get(a);
        ra.ShouldBe(Get(b));
        ra.ShouldNotBe(Get(c));
        using var doc = JsonDocument.Parse(ra);
        doc.RootElement.GetProperty("bars").GetProperty("XYZ/USD").GetArrayLength().ShouldBe(61); // any symbol asked for
    }

    [Fact]
    public async Task A_late_trade_produces_an_updatedBar_for_the_closed_minute()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { LateTradeProbability = 1.0 });
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","bars":["BTC/USD"],"updatedBars":["BTC/USD"],"trades":["BTC/USD"]}""");
        // A minute with at least two trades has a late one (an empty crypto minute has none).
        var bar = await client.WaitForAsync(m => T(m) == "b" && m.GetProperty("n").GetInt64() >= 1);
        var updated = await client.WaitForAsync(m => T(m) == "u" && Time(m) == Time(bar));
        // The late trade: stamped inside the bar's minute, received after the bar.
        var barIndex = client.Messages.IndexOf(bar);
        var updIndex = client.Messages.IndexOf(updated);
        var late = client.Messages.Skip(barIndex).Take(updIndex - barIndex)
            .Single(m => T(m) == "t" && Time(m).UnixSeconds / 60 == Time(bar).UnixSeconds / 60);
        updated.GetProperty("n").GetInt64().ShouldBe(bar.GetProperty("n").GetInt64() + 1);
        updated.GetProperty("v").GetDecimal().ShouldBe(bar.GetProperty("v").GetDecimal() + late.GetProperty("s").GetDecimal());
        updated.GetProperty("c").GetDecimal().ShouldBe(late.GetProperty("p").GetDecimal());
        sim.Truth.Bars("BTC/USD")[Time(bar)].TradeCount.ShouldBe(updated.GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task A_stock_trade_subscription_also_gets_cancels_of_earlier_trades_a_few_seconds_after_them()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { TradeCancelProbability = 0.2 });
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/test"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","trades":["FAKEPACA"]}""");
        var cancel = await client.WaitForAsync(m => T(m) == "x" && client.Messages.Any(t => T(t) == "t"
            && t.GetProperty("i").GetInt64() == m.GetProperty("i").GetInt64()));
        var id = cancel.GetProperty("i").GetInt64();
        var trade = client.Messages.Single(t => T(t) == "t" && t.GetProperty("i").GetInt64() == id);
        // Alpaca's cancel: the trade's id, exchange, price and size, action C, issued 2-5 s after the trade.
        (cancel.GetProperty("S").GetString(), cancel.GetProperty("x").GetString(), cancel.GetProperty("a").GetString())
            .ShouldBe(("FAKEPACA", trade.GetProperty("x").GetString(), "C"));
        cancel.GetProperty("p").GetDecimal().ShouldBe(trade.GetProperty("p").GetDecimal());
        cancel.GetProperty("s").GetDecimal().ShouldBe(trade.GetProperty("s").GetDecimal());
        var delay = Time(cancel).UnixNanoseconds - Time(trade).UnixNanoseconds;
        delay.ShouldBeInRange(2_000_000_000L, 5_000_000_000L);
        client.Messages.IndexOf(cancel).ShouldBeGreaterThan(client.Messages.IndexOf(trade));
        var truth = sim.Truth.Cancels("FAKEPACA").Single(c => c.TradeId == cancel.GetProperty("i").GetInt64());
        (truth.TradeTime, truth.Issued).ShouldBe((Time(trade), Time(cancel)));
    }

    [Fact]
    public async Task Daily_bars_are_running_totals_stamped_at_the_day_start()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","dailyBars":["ETH/USD"]}""");
        var d1 = await client.WaitForAsync(m => T(m) == "d");
        var d2 = await client.WaitForAsync(m => T(m) == "d");
        (Time(d1).UnixSeconds % 86400).ShouldBe(0);
        Time(d2).ShouldBe(Time(d1));
        d2.GetProperty("n").GetInt64().ShouldBeGreaterThanOrEqualTo(d1.GetProperty("n").GetInt64());
        d2.GetProperty("o").GetDecimal().ShouldBe(d1.GetProperty("o").GetDecimal());
    }
}
