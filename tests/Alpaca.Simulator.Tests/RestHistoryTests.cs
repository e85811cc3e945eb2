using System.Net;
using System.Text.Json;
using Alpaca.Simulator.Market;
using Torghut.Abstractions;
using static Alpaca.Simulator.Tests.WsTestClient;

namespace Alpaca.Simulator.Tests;

/// <summary>REST trades and quotes (alpaca-protocol.md §5.5) against the stream and the ground truth.</summary>
public sealed class RestHistoryTests
{
    private const string Window = "start=2024-07-24T12:00:00Z&end=2024-07-24T12:02:59.999999999Z";
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD", "SOL/USD"];

    private static string S(JsonElement m) => m.GetProperty("S").GetString()!;
    private static NanoTimestamp Time(JsonElement m) => NanoTimestamp.Parse(m.GetProperty("t").GetString()!);

    /// <summary>An item's fields other than T and S, in a canonical order, with their raw JSON values.</summary>
    private static string Fields(JsonElement item) =>
        string.Join(",", item.EnumerateObject().Where(p => p.Name is not ("T" or "S")).OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value.GetRawText()));

    [Theory]
    [InlineData("/v1beta3/crypto/us", "/v1beta3/crypto/us", "trades", "BTC/USD", "ETH/USD")]
    [InlineData("/v1beta3/crypto/us", "/v1beta3/crypto/eu-1", "quotes", "BTC/USD", "ETH/USD")]
    [InlineData("/v2/iex", "/v2/stocks", "trades", "AAPL", "MSFT")]
    [InlineData("/v2/sip", "/v2/stocks", "quotes", "SPY", "AAPL")]
    public async Task Rest_history_is_exactly_what_the_stream_published_for_the_same_window(string stream, string rest, string channel, string a, string b)
    {
        var type = channel == "trades" ? "t" : "q";
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { LateTradeProbability = 0.3 });
        await using var client = await ConnectAsync(sim.StreamUrl(stream));
        await client.AuthAsync();
        await client.SubscribeAsync($$"""{"action":"subscribe","{{channel}}":["{{a}}","{{b}}"]}""");
        await client.WaitForAsync(m => IsType(m, type));
        // A late trade is stamped before it is published: the first one received may be older than trades published
        // before the subscription took effect. The venue's clock now is past every publication the client missed.
        var first = sim.Clock.Now;
        // Window: from just after that to 70 s before the last message, so every late trade stamped in the window
        // (published up to 8 s after its minute) had been sent before we stopped listening.
        var from = first.AddNanoseconds(1_000_000_000L);
        var to = first.AddNanoseconds(150_000_000_000L);
        await client.WaitForAsync(m => IsType(m, type) && Time(m) > to.AddNanoseconds(70_000_000_000L));
        await client.SubscribeAsync($$"""{"action":"unsubscribe","{{channel}}":["{{a}}","{{b}}"]}""");

        var streamed = client.Messages.Where(m => IsType(m, type) && Time(m) >= from && Time(m) <= to)
            .GroupBy(S).ToDictionary(g => g.Key, g => g.Select(Fields).Order(StringComparer.Ordinal).ToList());
        using var http = Http.Client(sim);
        var pages = await Http.AllPagesAsync(http, $"{rest}/{channel}?symbols={b},{a}&start={from}&end={to}&limit=50", channel);

        pages.Keys.Order(StringComparer.Ordinal).ShouldBe(new[] { a, b }.Order(StringComparer.Ordinal));
        foreach (var symbol in pages.Keys)
        {
            streamed[symbol].Count.ShouldBeGreaterThan(10);
            pages[symbol].Select(Fields).Order(StringComparer.Ordinal).ShouldBe(streamed[symbol]);
            var times = pages[symbol].Select(Time).ToList();
            times.ShouldBe(times.Order()); // sorted by event time
            if (channel == "trades")
                sim.TradesBetween(symbol, from, to).Select(t => t.Id).ShouldBe(pages[symbol].Select(t => t.GetProperty("i").GetInt64()));
            else
                sim.QuotesBetween(symbol, from, to).Select(q => (q.Time, q.BidPrice, q.AskSize))
                    .ShouldBe(pages[symbol].Select(q => (Time(q), q.GetProperty("bp").GetDecimal(), q.GetProperty("as").GetDecimal())));
        }
        if (stream.StartsWith("/v1beta3", StringComparison.Ordinal))
            pages[a][0].EnumerateObject().Select(p => p.Name).ShouldBe(channel == "trades" ? ["t", "p", "s", "tks", "i"] : ["t", "bp", "bs", "ap", "as"]);
    }

    [Theory]
    [InlineData("trades", 7)]
    [InlineData("quotes", 13)]
    public async Task Small_pages_cross_symbols_and_return_every_item_exactly_once_in_both_orders(string channel, int limit)
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        using var http = Http.Client(sim, auth: false);
        var url = $"/v1beta3/crypto/us/{channel}?symbols={string.Join(',', Pairs)}&{Window}";
        var whole = await Http.AllPagesAsync(http, url + "&limit=10000", channel);
        whole.Keys.Order().ShouldBe(Pairs);
        var paged = await Http.AllPagesAsync(http, url + $"&limit={limit}", channel);
        foreach (var symbol in Pairs)
            paged[symbol].Select(i => i.GetRawText()).ShouldBe(whole[symbol].Select(i => i.GetRawText()));

        // Walk the pages by hand: each holds at most `limit` items in all, and some page holds the tail of one
        // symbol and the head of the next.
        var crossing = false;
        string? token = null;
        do
        {
            var (status, body, _) = await Http.GetAsync(http, url + $"&limit={limit}" + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token)));
            status.ShouldBe(HttpStatusCode.OK);
            var symbols = body.GetProperty(channel).EnumerateObject().ToList();
            symbols.Sum(p => p.Value.GetArrayLength()).ShouldBeLessThanOrEqualTo(limit);
            crossing |= symbols.Count > 1;
            token = body.GetProperty("next_page_token").GetString();
        } while (token is not null);
        crossing.ShouldBeTrue();

        var desc = await Http.AllPagesAsync(http, url + $"&limit={limit}&sort=desc", channel);
        foreach (var symbol in Pairs)
            desc[symbol].Select(i => i.GetRawText()).ShouldBe(whole[symbol].Select(i => i.GetRawText()).Reverse());
    }

    [Fact]
    public async Task Stock_history_has_alpacas_shapes_and_the_single_symbol_variant_matches_the_multi_symbol_one()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        using var http = Http.Client(sim);
        var (status, body, response) = await Http.GetAsync(http, $"/v2/stocks/trades?symbols=MSFT,AAPL&{Window}&feed=iex");
        status.ShouldBe(HttpStatusCode.OK, body.GetRawText());
        response.Headers.Contains("X-Ratelimit-Remaining").ShouldBeTrue();
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["trades", "next_page_token"]);
        body.GetProperty("trades").EnumerateObject().Select(p => p.Name).ShouldBe(["AAPL", "MSFT"]);
        var trade = body.GetProperty("trades").GetProperty("AAPL")[0];
        trade.EnumerateObject().Select(p => p.Name).ShouldBe(["t", "x", "p", "s", "c", "i", "z"]);
        trade.GetProperty("c").ValueKind.ShouldBe(JsonValueKind.Array);
        var multi = body.GetProperty("trades").GetProperty("AAPL").GetRawText();
        var truth = sim.TradesBetween("AAPL", DateTimeOffset.Parse("2024-07-24T12:00:00Z"), DateTimeOffset.Parse("2024-07-24T12:02:59.999999999Z"));
        truth.Select(t => (t.Id, t.Price, t.Exchange)).ShouldBe(body.GetProperty("trades").GetProperty("AAPL").EnumerateArray()
            .Select(t => (t.GetProperty("i").GetInt64(), t.GetProperty("p").GetDecimal(), (string?)t.GetProperty("x").GetString())));

        (status, body, _) = await Http.GetAsync(http, $"/v2/stocks/AAPL/trades?{Window}&currency=USD&asof=2024-07-24");
        status.ShouldBe(HttpStatusCode.OK, body.GetRawText());
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["trades", "symbol", "currency", "next_page_token"]);
        body.GetProperty("trades").GetRawText().ShouldBe(multi);

        (status, body, _) = await Http.GetAsync(http, $"/v2/stocks/AAPL/quotes?{Window}&limit=3");
        body.GetProperty("quotes")[0].EnumerateObject().Select(p => p.Name).ShouldBe(["t", "ax", "ap", "as", "bx", "bp", "bs", "c", "z"]);
        body.GetProperty("quotes")[0].GetProperty("c").GetRawText().ShouldBe("""["R"]""");
        body.GetProperty("next_page_token").GetString().ShouldNotBeNullOrEmpty();

        using var anonymous = Http.Client(sim, auth: false);
        (await Http.GetAsync(anonymous, $"/v2/stocks/trades?symbols=AAPL&{Window}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Defaults_cover_the_current_sim_day_up_to_now_with_pages_of_1000()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        using var http = Http.Client(sim, auth: false);
        var (status, body, _) = await Http.GetAsync(http, "/v1beta3/crypto/us/trades?symbols=BTC/USD");
        status.ShouldBe(HttpStatusCode.OK);
        var trades = body.GetProperty("trades").GetProperty("BTC/USD").EnumerateArray().ToList();
        trades.Count.ShouldBe(1000); // 14 hours of the day at ~30 trades a minute: more than one page
        Time(trades[0]).ShouldBeGreaterThanOrEqualTo(NanoTimestamp.FromDateTimeOffset(new DateTimeOffset(2024, 7, 24, 0, 0, 0, TimeSpan.Zero)));
        Time(trades[0]).ShouldBeLessThan(NanoTimestamp.FromDateTimeOffset(new DateTimeOffset(2024, 7, 24, 0, 5, 0, TimeSpan.Zero))); // the day's first trading minute
        body.GetProperty("next_page_token").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Stock_trade_history_marks_a_cancelled_trade_canceled_once_its_cancel_was_issued()
    {
        var minute = new DateTimeOffset(2024, 7, 24, 15, 0, 0, TimeSpan.Zero); // 11:00 New York: regular session
        SimulatorConfig At(DateTimeOffset start) => new()
        {
            Start = start, Speed = 0.001, TradesPerMinute = 120, TradeCancelProbability = 0.1, LateTradeProbability = 0,
        };
        var end = minute.AddMinutes(1).AddTicks(-1);
        var url = $"/v2/stocks/trades?symbols=AAPL&start={Http.Iso(minute)}&end={end:O}";
        static IEnumerable<long> Canceled(List<JsonElement> trades) => trades
            .Where(t => t.TryGetProperty("u", out var u) && u.GetString() == "canceled")
            .Select(t => t.GetProperty("i").GetInt64());

        await using var later = await Sim.StartAsync(At(minute.AddSeconds(70))); // every cancel of the minute is out
        var cancels = new MarketModel(later.Config).CancelsOf("AAPL", minute.ToUnixTimeSeconds() / 60)
            .Where(c => c.CancelledTradeNanos <= NanoTimestamp.FromDateTimeOffset(end).UnixNanoseconds).ToList();
        cancels.Count.ShouldBeGreaterThan(0);
        using (var http = Http.Client(later))
            Canceled((await Http.AllPagesAsync(http, url, "trades"))["AAPL"]).Order()
                .ShouldBe(cancels.Select(c => c.TradeId).Order());

        // Just before the first cancel was issued its trade is history already, but not yet marked.
        var first = cancels.MinBy(c => c.TimeNanos)!;
        var beforeIt = DateTimeOffset.UnixEpoch.AddTicks((first.TimeNanos - 1_000_000) / 100);
        await using var earlier = await Sim.StartAsync(At(beforeIt));
        using (var http = Http.Client(earlier))
        {
            var trades = (await Http.AllPagesAsync(http, url, "trades"))["AAPL"];
            trades.Select(t => t.GetProperty("i").GetInt64()).ShouldContain(first.TradeId);
            Canceled(trades).ShouldNotContain(first.TradeId);
        }
    }

    [Fact]
    public async Task A_late_trade_is_history_only_once_the_venue_published_it()
    {
        var minute = new DateTimeOffset(2024, 7, 24, 12, 0, 0, TimeSpan.Zero);
        SimulatorConfig At(double secondsAfterMinute) => new()
        {
            Start = minute.AddMinutes(1).AddSeconds(secondsAfterMinute), Speed = 0.001, LateTradeProbability = 1, CryptoEmptyMinuteProbability = 0,
        };
        await using var before = await Sim.StartAsync(At(0.5)); // late trades go out 1-8 s after their minute
        await using var after = await Sim.StartAsync(At(9));
        var end = minute.AddMinutes(1).AddTicks(-1);
        var early = before.TradesBetween("BTC/USD", minute, end);
        var late = after.TradesBetween("BTC/USD", minute, end);
        late.Count.ShouldBe(early.Count + 1);
        late.Take(early.Count).ShouldBe(early);
        (late[^1].Published > late[^1].Time.AddNanoseconds(1_000_000_000L)).ShouldBeTrue();
        // asOf: the later simulator's truth as it was at the earlier instant.
        after.TradesBetween("BTC/USD", NanoTimestamp.FromDateTimeOffset(minute), NanoTimestamp.FromDateTimeOffset(end),
            asOf: NanoTimestamp.FromDateTimeOffset(minute.AddMinutes(1).AddSeconds(0.5))).ShouldBe(early);

        using var http = Http.Client(before, auth: false);
        var rest = await Http.AllPagesAsync(http, $"/v1beta3/crypto/us/trades?symbols=BTC/USD&start={Http.Iso(minute)}&end={end:O}", "trades");
        rest["BTC/USD"].Select(t => t.GetProperty("i").GetInt64()).ShouldBe(early.Select(t => t.Id));
        early.Select(t => t.Id).ShouldBeUnique();
    }

    [Fact]
    public async Task Exceeding_the_budget_on_trades_is_429_with_rate_limit_headers()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { FaultPlan = "ratelimit n=2" });
        using var http = Http.Client(sim);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            var (status, body, response) = await Http.GetAsync(http, $"/v1beta3/crypto/us/quotes?symbols=BTC/USD&{Window}&limit=5");
            statuses.Add(status);
            response.Headers.GetValues("X-Ratelimit-Limit").Single().ShouldBe("2");
            if (status == HttpStatusCode.TooManyRequests)
            {
                response.Headers.GetValues("X-Ratelimit-Remaining").Single().ShouldBe("0");
                body.GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
            }
        }
        statuses.ShouldBe([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
    }
}
