using System.Text.Json;
using Torghut.Abstractions;

namespace Torghut.Tests.Gateway;

/// <summary>
/// Alpaca's stream protocol as the gateway serves it over the embedded transport, from a JSON client.
/// </summary>
public sealed class GatewayProtocolTests
{
    private static readonly NanoTimestamp T0 = NanoTimestamp.Parse("2026-12-06T16:00:01.123456789Z");

    [Fact]
    public async Task Subscribe_before_auth_and_wrong_keys_are_refused_then_the_gateway_keys_authenticate()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var client = await gateway.ConnectAsync(authenticate: false);
        await client.SendAsync(new { action = "subscribe", trades = new[] { "BTC/USD" } });
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"error","code":401,"msg":"not authenticated"}]""");
        await client.SendAsync(new { action = "auth", key = GatewayHarness.Key, secret = "wrong" });
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"error","code":402,"msg":"auth failed"}]""");
        await client.SendAsync(new { action = "auth", key = GatewayHarness.Key, secret = GatewayHarness.Secret });
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"success","msg":"authenticated"}]""");
        await client.SendAsync(new { action = "auth", key = GatewayHarness.Key, secret = GatewayHarness.Secret });
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"error","code":403,"msg":"already authenticated"}]""");
    }

    [Fact]
    public async Task Subscribe_adds_unsubscribe_removes_each_echoing_the_whole_set_and_a_symbol_outside_the_universe_is_refused()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var client = await gateway.ConnectAsync();
        await client.SendAsync(new { action = "subscribe", trades = new[] { "BTC/USD", "ETH/USD" }, bars = new[] { "BTC/USD" } });
        (await client.ReceiveAsync()).ShouldBe(
            """[{"T":"subscription","trades":["BTC/USD","ETH/USD"],"quotes":[],"orderbooks":[],"bars":["BTC/USD"],"updatedBars":[],"dailyBars":[]}]""");
        await client.SendAsync(new { action = "subscribe", quotes = new[] { "SOL/USD" } });
        (await client.ReceiveAsync()).ShouldBe(
            """[{"T":"subscription","trades":["BTC/USD","ETH/USD"],"quotes":["SOL/USD"],"orderbooks":[],"bars":["BTC/USD"],"updatedBars":[],"dailyBars":[]}]""");

        // DOGE/USD is well-formed but not in Torghut's universe: 400, and the request changes nothing (not even its
        // valid part), as Alpaca leaves the set untouched by a refused request.
        await client.SendAsync(new { action = "subscribe", trades = new[] { "SOL/USD", "DOGE/USD" } });
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"error","code":400,"msg":"invalid syntax"}]""");
        await client.SendAsync(new { action = "subscribe", statuses = new[] { "BTC/USD" } });
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"error","code":410,"msg":"invalid subscribe action for this feed"}]""");

        await client.SendAsync(new { action = "unsubscribe", trades = new[] { "ETH/USD" }, bars = new[] { "BTC/USD" } });
        (await client.ReceiveAsync()).ShouldBe(
            """[{"T":"subscription","trades":["BTC/USD"],"quotes":["SOL/USD"],"orderbooks":[],"bars":[],"updatedBars":[],"dailyBars":[]}]""");
        await client.SendAsync(new { action = "dance" });
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"error","code":400,"msg":"invalid syntax"}]""");
    }

    [Fact]
    public async Task A_client_gets_exactly_its_subscribed_channels_and_symbols_with_the_envelopes_values()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var client = await gateway.ConnectAsync();
        await client.SendAsync(new { action = "subscribe", trades = new[] { "BTC/USD" }, quotes = new[] { "ETH/USD" }, bars = new[] { "*" } });
        await client.ReceiveAsync(); // the echo

        await gateway.TradeAsync("ETH/USD", 3100.5, 0.25, 7, T0);                      // trades of ETH: not subscribed
        await gateway.TradeAsync("BTC/USD", 67012.25, 0.00042, 9_007_199_254_740_993, T0); // an id past 2^53 stays exact
        await gateway.PublishAsync(gateway.Envelopes.Quote(new Quote("BTC/USD", 67010, 1.5, 67011, 2.5, T0)));  // not subscribed
        await gateway.PublishAsync(gateway.Envelopes.Quote(new Quote("ETH/USD", 3100.25, 0.5, 3100.75, 1.25, T0)));
        var minute = NanoTimestamp.Parse("2026-12-06T16:00:00Z");
        await gateway.PublishAsync(gateway.Envelopes.Bar(new Bar("SOL/USD", 150, 151, 149.5, 150.5, 12.75, minute, Vwap: 150.2, TradeCount: 31),
            Torghut.Host.Ingest.EnvelopeSource.Ws));
        // Repairs come from the venue's REST history: Alpaca's stream never sends them, nor does the gateway.
        await gateway.PublishAsync(gateway.Envelopes.Trade(new Trade("BTC/USD", 1, 1, T0, TradeId: 1), Torghut.Host.Ingest.EnvelopeSource.Rest));
        await gateway.TradeAsync("BTC/USD", 67013, 1, 10, T0.AddNanoseconds(1));

        // The payload bytes are the envelope's (its Java-style doubles included), with T first. The transport keeps
        // order per symbol (Kafka's per-key order), not across symbols: compare in a fixed order, then check BTC's.
        var messages = await client.ReceiveMessagesAsync(4);
        messages.Select(m => m.GetRawText()).Order(StringComparer.Ordinal).ShouldBe([
            """{"T":"b","S":"SOL/USD","o":150.0,"h":151.0,"l":149.5,"c":150.5,"v":12.75,"vw":150.2,"n":31,"t":"2026-12-06T16:00:00Z"}""",
            """{"T":"q","S":"ETH/USD","bp":3100.25,"bs":0.5,"ap":3100.75,"as":1.25,"t":"2026-12-06T16:00:01.123456789Z"}""",
            """{"T":"t","S":"BTC/USD","i":10,"p":67013.0,"s":1.0,"t":"2026-12-06T16:00:01.123456790Z"}""",
            """{"T":"t","S":"BTC/USD","i":9007199254740993,"p":67012.25,"s":4.2E-4,"t":"2026-12-06T16:00:01.123456789Z"}""",
        ]);
        messages.Where(m => m.GetProperty("T").GetString() == "t").Select(m => m.GetProperty("i").GetInt64()).ShouldBe([9_007_199_254_740_993, 10]);
        (await client.ReceiveAsync(TimeSpan.FromMilliseconds(500)).ContinueWith(t => t.IsCanceled || t.IsFaulted)).ShouldBeTrue("nothing else is due");
    }

    [Fact]
    public async Task A_client_that_closes_gets_a_normal_close_and_leaves_the_gateway()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var client = await gateway.ConnectAsync();
        await client.Socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        client.Socket.CloseStatus.ShouldBe(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure);
        await Support.Eventually.HoldsAsync(() => gateway.Stats.Clients == 0, "the session ended");
    }

    [Fact]
    public async Task Two_clients_on_different_subscriptions_each_get_exactly_their_symbols()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var btc = await gateway.ConnectAsync();
        using var eth = await gateway.ConnectAsync();
        await btc.SendAsync(new { action = "subscribe", trades = new[] { "BTC/USD" } });
        await eth.SendAsync(new { action = "subscribe", trades = new[] { "ETH/USD" } });
        await btc.ReceiveAsync();
        await eth.ReceiveAsync();

        for (var i = 0; i < 200; i++)
            await gateway.TradeAsync(i % 2 == 0 ? "BTC/USD" : "ETH/USD", 100 + i, 0.5, i, T0.AddNanoseconds(i));
        var gotBtc = await btc.ReceiveMessagesAsync(100);
        var gotEth = await eth.ReceiveMessagesAsync(100);
        gotBtc.Select(m => m.GetProperty("i").GetInt64()).ShouldBe(Enumerable.Range(0, 100).Select(i => 2L * i));
        gotEth.Select(m => m.GetProperty("i").GetInt64()).ShouldBe(Enumerable.Range(0, 100).Select(i => 2L * i + 1));
        gotBtc.ShouldAllBe(m => m.GetProperty("S").GetString() == "BTC/USD");
        gotEth.ShouldAllBe(m => m.GetProperty("S").GetString() == "ETH/USD");
    }
}

/// <summary>The stock stream, and bad input on the topics.</summary>
public sealed class GatewayStockStreamTests
{
    private static readonly NanoTimestamp T0 = NanoTimestamp.Parse("2026-12-06T15:00:00.5Z");

    [Fact]
    public async Task The_stock_stream_serves_stock_symbols_with_statuses_in_alpacas_keys_and_never_crypto()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var stocks = await gateway.ConnectAsync("/v2/iex");
        await stocks.SendAsync(new { action = "subscribe", trades = new[] { "*" }, statuses = new[] { "AAPL" } });
        (await stocks.ReceiveAsync()).ShouldBe("""[{"T":"subscription","trades":["*"],"quotes":[],"bars":[],"updatedBars":[],"daily""" +
            """Bars":[],"statuses":["AAPL"],"lulds":[],"corrections":["*"],"cancelErrors":["*"],"imbalances":[]}]""");
        await stocks.SendAsync(new { action = "subscribe", trades = new[] { "BTC/USD" } });
        (await stocks.ReceiveAsync()).ShouldBe("""[{"T":"error","code":400,"msg":"invalid syntax"}]""");

        await gateway.TradeAsync("BTC/USD", 67000, 0.5, 1, T0); // crypto: never on the stock stream
        await gateway.PublishAsync(gateway.Envelopes.Status(new TradingStatus("AAPL", T0, "H", "Trading Halt", "T12", "News Pending", "C")));
        await gateway.PublishAsync(gateway.Envelopes.Trade(new Trade("MSFT", 410.5, 100, T0, TradeId: 42, Exchange: "V", Tape: "C")));
        var messages = (await stocks.ReceiveMessagesAsync(2)).Select(m => m.GetRawText()).Order(StringComparer.Ordinal).ToList();
        messages.ShouldBe([
            """{"T":"s","S":"AAPL","t":"2026-12-06T15:00:00.500Z","sc":"H","sm":"Trading Halt","rc":"T12","rm":"News Pending","z":"C"}""",
            """{"T":"t","S":"MSFT","i":42,"x":"V","p":410.5,"s":100.0,"t":"2026-12-06T15:00:00.500Z","z":"C"}""",
        ]);
    }

    [Fact]
    public async Task A_record_that_is_not_an_envelope_is_counted_and_skipped_and_the_stream_goes_on()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        using var client = await gateway.ConnectAsync();
        await client.SendAsync(new { action = "subscribe", trades = new[] { "BTC/USD" } });
        await client.ReceiveAsync();
        await gateway.PublishAsync(new("torghut.trades.v1", "BTC/USD", "{\"channel\":\"trades\",\"payload\":"u8.ToArray()));
        await gateway.PublishAsync(new("torghut.trades.v1", "BTC/USD", new byte[] { 0xff, 0x00 }));
        await gateway.TradeAsync("BTC/USD", 67000, 0.5, 7, T0);
        (await client.ReceiveMessagesAsync(1)).Single().GetProperty("i").GetInt64().ShouldBe(7);
        gateway.Stats.Malformed.ShouldBe(2);
    }
}
