using System.Net;
using System.Text.Json;
using Torghut.Abstractions;
using static Alpaca.Simulator.Tests.WsTestClient;

namespace Alpaca.Simulator.Tests;

public sealed class RestTests
{
    private const string Window = "start=2024-07-24T12:00:00Z&end=2024-07-24T12:09:00Z";

    [Fact]
    public async Task Crypto_bars_need_no_auth_and_have_the_multi_symbol_shape_with_a_bar_per_minute()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        using var http = Http.Client(sim, auth: false);
        var (status, body, response) = await Http.GetAsync(http, $"/v1beta3/crypto/us/bars?symbols=ETH/USD,BTC/USD&timeframe=1Min&{Window}");
        status.ShouldBe(HttpStatusCode.OK);
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["bars", "next_page_token"]);
        body.GetProperty("next_page_token").ValueKind.ShouldBe(JsonValueKind.Null);
        var bars = body.GetProperty("bars");
        bars.EnumerateObject().Select(p => p.Name).ShouldBe(["BTC/USD", "ETH/USD"]); // sorted by symbol
        var btc = bars.GetProperty("BTC/USD").EnumerateArray().ToList();
        btc.Count.ShouldBe(10); // start and end inclusive, one bar per minute
        btc[0].EnumerateObject().Select(p => p.Name).ShouldBe(["t", "o", "h", "l", "c", "v", "n", "vw"]);
        btc[0].GetProperty("t").GetString().ShouldBe("2024-07-24T12:00:00Z");
        response.Headers.Contains("X-Ratelimit-Limit").ShouldBeTrue();
    }

    [Fact]
    public async Task Stock_bars_require_keys_and_support_the_single_symbol_shape()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { Credentials = [new SimCredential("K", "S")] });
        using var anonymous = Http.Client(sim, auth: false);
        var (status, body, _) = await Http.GetAsync(anonymous, $"/v2/stocks/bars?symbols=AAPL&timeframe=1Min&{Window}");
        status.ShouldBe(HttpStatusCode.Unauthorized);
        body.GetProperty("message").GetString().ShouldBe("unauthorized");
        using var wrong = Http.Client(sim); // key/secret not configured
        (await Http.GetAsync(wrong, $"/v2/stocks/AAPL/bars?timeframe=1Min&{Window}")).Status.ShouldBe(HttpStatusCode.Unauthorized);

        using var http = new HttpClient { BaseAddress = sim.RestBaseUrl };
        http.DefaultRequestHeaders.Add("APCA-API-KEY-ID", "K");
        http.DefaultRequestHeaders.Add("APCA-API-SECRET-KEY", "S");
        (status, body, _) = await Http.GetAsync(http, $"/v2/stocks/AAPL/bars?timeframe=1Min&{Window}&feed=iex");
        status.ShouldBe(HttpStatusCode.OK);
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["bars", "symbol", "next_page_token"]);
        body.GetProperty("symbol").GetString().ShouldBe("AAPL");
        var single = body.GetProperty("bars").GetRawText();
        (status, body, _) = await Http.GetAsync(http, $"/v2/stocks/bars?symbols=AAPL&timeframe=1Min&{Window}");
        body.GetProperty("bars").GetProperty("AAPL").GetRawText().ShouldBe(single);
    }

    [Theory]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTCUSD&timeframe=1Min", "BTCUSD does not match ^[A-Z]+/[A-Z]+$")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&feed=sip", "unexpected query parameter(s): feed")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=7Parsec", "invalid timeframe")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD", "missing timeframe")]
    [InlineData("/v1beta3/crypto/us/bars?timeframe=1Min", "missing symbols")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&limit=0", "invalid limit")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&limit=10001", "invalid limit")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&start=yesterday", "invalid start")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&start=2024-07-24&end=2024-07-23", "end should not be before start")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&sort=up", "invalid sort")]
    [InlineData("/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&page_token=garbage", "invalid page_token")]
    [InlineData("/v2/stocks/bars?symbols=AAPL&timeframe=1Min&feed=nasdaq", "invalid feed")]
    // trades and quotes share the query rules (alpaca-protocol.md §5.5)
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD&timeframe=1Min", "unexpected query parameter(s): timeframe")]
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD&feed=sip", "unexpected query parameter(s): feed")]
    [InlineData("/v1beta3/crypto/us-1/quotes?symbols=BTC/USD&currency=USD", "unexpected query parameter(s): currency")]
    [InlineData("/v1beta3/crypto/eu-1/quotes?symbols=BTCUSD", "BTCUSD does not match ^[A-Z]+/[A-Z]+$")]
    [InlineData("/v1beta3/crypto/us/trades", "missing symbols")]
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD&limit=0", "invalid limit")]
    [InlineData("/v1beta3/crypto/us/quotes?symbols=BTC/USD&limit=10001", "invalid limit")]
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD&start=soon", "invalid start")]
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD&start=2024-07-24T12:00:01Z&end=2024-07-24T12:00:00Z", "end should not be before start")]
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD&sort=random", "invalid sort")]
    [InlineData("/v1beta3/crypto/us/trades?symbols=BTC/USD&page_token=QlRDL1VTRHwx", "invalid page_token")]
    [InlineData("/v2/stocks/trades?symbols=AAPL&feed=nasdaq", "invalid feed")]
    [InlineData("/v2/stocks/quotes?symbols=AAPL&adjustment=raw", "unexpected query parameter(s): adjustment")]
    [InlineData("/v2/stocks/AAPL/trades?symbols=MSFT", "unexpected query parameter(s): symbols")]
    public async Task Invalid_parameters_are_400_with_a_message(string url, string message)
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        using var http = Http.Client(sim);
        var (status, body, _) = await Http.GetAsync(http, url);
        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("message").GetString()!.ShouldContain(message);
    }

    [Fact]
    public async Task Paging_with_next_page_token_returns_exactly_the_unpaged_bars_and_desc_is_the_reverse()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        using var http = Http.Client(sim);
        const string url = "/v2/stocks/bars?symbols=MSFT,AAPL&timeframe=1Min&start=2024-07-24T12:00:00Z&end=2024-07-24T12:59:00Z";
        var whole = await Http.AllPagesAsync(http, url + "&limit=10000");
        var paged = await Http.AllPagesAsync(http, url + "&limit=7");
        paged.Keys.ShouldBe(whole.Keys);
        foreach (var k in whole.Keys)
            paged[k].Select(b => b.GetRawText()).ShouldBe(whole[k].Select(b => b.GetRawText()));
        var (_, first, _) = await Http.GetAsync(http, url + "&limit=7");
        first.GetProperty("bars").EnumerateObject().Sum(p => p.Value.GetArrayLength()).ShouldBe(7); // limit spans symbols
        first.GetProperty("next_page_token").GetString().ShouldNotBeNullOrEmpty();

        var desc = await Http.AllPagesAsync(http, url + "&limit=5&sort=desc");
        foreach (var k in whole.Keys)
            desc[k].Select(b => b.GetRawText()).ShouldBe(whole[k].Select(b => b.GetRawText()).Reverse());
    }

    [Theory]
    [InlineData("5Min", 5)]
    [InlineData("1Hour", 60)]
    [InlineData("1Day", 1440)]
    public async Task Larger_timeframes_aggregate_the_minute_bars(string timeframe, int minutes)
    {
        await using var sim = await Sim.StartAsync(new SimulatorConfig { Start = new DateTimeOffset(2024, 7, 26, 1, 0, 0, TimeSpan.Zero), TradesPerMinute = 4, QuotesPerMinute = 4 });
        using var http = Http.Client(sim);
        const string range = "start=2024-07-24T00:00:00Z&end=2024-07-25T23:59:00Z";
        var ones = (await Http.AllPagesAsync(http, $"/v1beta3/crypto/us/bars?symbols=SOL/USD&timeframe=1Min&{range}&limit=10000"))["SOL/USD"];
        var agg = (await Http.AllPagesAsync(http, $"/v1beta3/crypto/us/bars?symbols=SOL/USD&timeframe={timeframe}&{range}"))["SOL/USD"];
        agg.Count.ShouldBe(2 * 1440 / minutes);
        foreach (var bar in agg)
        {
            var t = DateTimeOffset.Parse(bar.GetProperty("t").GetString()!);
            var parts = ones.Where(b => DateTimeOffset.Parse(b.GetProperty("t").GetString()!) is var bt && bt >= t && bt < t.AddMinutes(minutes)).ToList();
            bar.GetProperty("o").GetDecimal().ShouldBe(parts[0].GetProperty("o").GetDecimal());
            bar.GetProperty("c").GetDecimal().ShouldBe(parts[^1].GetProperty("c").GetDecimal());
            bar.GetProperty("h").GetDecimal().ShouldBe(parts.Max(b => b.GetProperty("h").GetDecimal()));
            bar.GetProperty("l").GetDecimal().ShouldBe(parts.Min(b => b.GetProperty("l").GetDecimal()));
            bar.GetProperty("v").GetDecimal().ShouldBe(parts.Sum(b => b.GetProperty("v").GetDecimal()));
            bar.GetProperty("n").GetInt64().ShouldBe(parts.Sum(b => b.GetProperty("n").GetInt64()));
        }
    }

    [Fact]
    public async Task Exceeding_the_per_minute_budget_is_429_with_rate_limit_headers()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { RestRequestsPerMinute = 3 });
        using var http = Http.Client(sim, auth: false);
        var statuses = new List<(HttpStatusCode, string?, string?)>();
        for (var i = 0; i < 8; i++)
        {
            var (status, body, response) = await Http.GetAsync(http, $"/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&{Window}");
            statuses.Add((status, response.Headers.GetValues("X-Ratelimit-Remaining").Single(), response.Headers.GetValues("X-Ratelimit-Limit").Single()));
            response.Headers.Contains("X-Ratelimit-Reset").ShouldBeTrue();
            if (status == HttpStatusCode.TooManyRequests) body.GetProperty("message").GetString().ShouldNotBeNullOrEmpty();
        }
        statuses.ShouldContain(s => s.Item1 == HttpStatusCode.TooManyRequests && s.Item2 == "0");
        statuses.ShouldAllBe(s => s.Item3 == "3");
    }

    [Fact]
    public async Task Rest_bars_are_exactly_the_bars_the_stream_published()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","bars":["BTC/USD","ETH/USD"],"updatedBars":["BTC/USD","ETH/USD"]}""");
        for (var i = 0; i < 5; i++) await client.WaitForAsync(m => m.GetProperty("T").GetString() == "b" && m.GetProperty("S").GetString() == "ETH/USD");
        await client.SubscribeAsync("""{"action":"unsubscribe","bars":["BTC/USD","ETH/USD"]}""");
        // Let any updatedBar of those minutes be published (30 simulated seconds after the minute).
        var lastBar = client.Messages.Where(m => IsType(m, "b")).Max(m => NanoTimestamp.Parse(m.GetProperty("t").GetString()!));
        while (sim.Clock.Now < lastBar.AddNanoseconds(100_000_000_000L)) await Task.Delay(20);
        await client.SubscribeAsync("""{"action":"unsubscribe","updatedBars":["BTC/USD","ETH/USD"]}""");

        // Stream view: latest version per (symbol, minute), b overwritten by u.
        var streamed = new Dictionary<(string, string), string>();
        foreach (var m in client.Messages.Where(m => IsType(m, "b") || IsType(m, "u")))
        {
            var fields = m.EnumerateObject().Where(p => p.Name is not ("T" or "S")).OrderBy(p => p.Name).Select(p => p.Name + "=" + p.Value.GetRawText());
            streamed[(m.GetProperty("S").GetString()!, m.GetProperty("t").GetString()!)] = string.Join(",", fields);
        }
        var minutes = streamed.Keys.Select(k => k.Item2).Order().ToList();
        using var http = Http.Client(sim, auth: false);
        var rest = await Http.AllPagesAsync(http, $"/v1beta3/crypto/us/bars?symbols=BTC/USD,ETH/USD&timeframe=1Min&start={minutes[0]}&end={minutes[^1]}");
        foreach (var ((symbol, t), fields) in streamed)
        {
            var bar = rest[symbol].Single(b => b.GetProperty("t").GetString() == t);
            string.Join(",", bar.EnumerateObject().OrderBy(p => p.Name).Select(p => p.Name + "=" + p.Value.GetRawText())).ShouldBe(fields);
            var truth = sim.Truth.Bars(symbol)[NanoTimestamp.Parse(t)];
            truth.Close.ShouldBe(bar.GetProperty("c").GetDecimal());
            truth.Volume.ShouldBe(bar.GetProperty("v").GetDecimal());
            truth.TradeCount.ShouldBe(bar.GetProperty("n").GetInt64());
        }
    }

    [Fact]
    public async Task History_before_the_simulator_started_is_available_and_the_future_is_not()
    {
        await using var sim = await Sim.StartAsync(new SimulatorConfig { Start = Sim.RegularSession });
        using var http = Http.Client(sim, auth: false);
        var bars = await Http.AllPagesAsync(http, "/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Hour&start=2024-07-20T00:00:00Z&end=2024-07-30T00:00:00Z&limit=10000");
        var times = bars["BTC/USD"].Select(b => DateTimeOffset.Parse(b.GetProperty("t").GetString()!)).ToList();
        times[0].ShouldBe(new DateTimeOffset(2024, 7, 20, 0, 0, 0, TimeSpan.Zero));
        times.Max().ShouldBeLessThanOrEqualTo(sim.Clock.Now.ToDateTimeOffset());
    }
}
