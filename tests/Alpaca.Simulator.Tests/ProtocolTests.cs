using System.Net.WebSockets;
using System.Text.Json;
using Torghut.Abstractions;
using static Alpaca.Simulator.Tests.WsTestClient;

namespace Alpaca.Simulator.Tests;

public sealed class ProtocolTests
{
    [Fact]
    public async Task Plugin_manifest_and_simulator_settings()
    {
        var plugin = new AlpacaSimulatorPlugin();
        plugin.Manifest.ShouldBe(new PluginManifest("Alpaca.Simulator", "1.0.0", Torghut.Abstractions.Market.Other, ContractVersion.Text, PluginServices.Simulator, "alpaca"));
        plugin.SymbolCodec.ShouldBeNull();
        plugin.CreateFeed(VenueContext.From(new Dictionary<string, string?>())).ShouldBeNull();
        plugin.CreateBackfill(VenueContext.From(new Dictionary<string, string?>())).ShouldBeNull();

        await using var running = await plugin.CreateSimulator()!.StartAsync(new SimulatorOptions(Port: 0, Seed: 7, Speed: 60));
        var stream = running.Settings["ALPACA_STREAM_URL"];
        var rest = running.Settings["ALPACA_BASE_URL"];
        stream.ShouldStartWith("ws://127.0.0.1:");
        rest.ShouldBe(stream.Replace("ws://", "http://"));
        await using var client = await ConnectAsync(new Uri(stream + "/v1beta3/crypto/us"));
        await client.AuthAsync();
    }

    [Fact]
    public async Task Invalid_fault_plan_in_options_is_an_ArgumentException()
    {
        var ex = await Should.ThrowAsync<ArgumentException>(() =>
            new AlpacaVenueSimulator().StartAsync(new SimulatorOptions(FaultPlan: "explode now")));
        ex.Message.ShouldContain("unknown fault 'explode'");
    }

    [Theory]
    [InlineData("/v1beta3/crypto/us")]
    [InlineData("/v1beta3/crypto/us-1")]
    [InlineData("/v1beta3/crypto/eu-1")]
    [InlineData("/v1beta3/crypto/us-2")]
    [InlineData("/v1beta3/crypto/bs-1")]
    [InlineData("/v2/iex")]
    [InlineData("/v2/sip")]
    [InlineData("/v2/delayed_sip")]
    [InlineData("/v2/test")]
    public async Task Every_endpoint_greets_and_authenticates_by_message(string path)
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        await using var client = await ConnectAsync(sim.StreamUrl(path));
        await client.AuthAsync();
        client.Frames[0].ShouldBe("""[{"T":"success","msg":"connected"}]""");
        client.Frames[1].ShouldBe("""[{"T":"success","msg":"authenticated"}]""");
    }

    [Fact]
    public async Task Unknown_path_is_refused()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        await Should.ThrowAsync<WebSocketException>(() => ConnectAsync(sim.StreamUrl("/v2/nope")));
    }

    [Fact]
    public async Task Auth_by_handshake_headers()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { Credentials = [new SimCredential("K1", "S1")] });
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/iex"), o =>
        {
            o.SetRequestHeader("APCA-API-KEY-ID", "K1");
            o.SetRequestHeader("APCA-API-SECRET-KEY", "S1");
        });
        await client.WaitForAsync(m => IsType(m, "success") && m.GetProperty("msg").GetString() == "authenticated");
        var echo = await client.SubscribeAsync("""{"action":"subscribe","trades":["AAPL"]}""");
        IsType(echo, "subscription").ShouldBeTrue();
    }

    [Fact]
    public async Task Subscribe_before_auth_is_401()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/iex"));
        await client.SendAsync("""{"action":"subscribe","trades":["AAPL"]}""");
        var err = await client.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(401);
        err.GetProperty("msg").GetString().ShouldBe("not authenticated");
    }

    [Fact]
    public async Task Wrong_credentials_are_402_and_empty_ones_too()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { Credentials = [new SimCredential("K1", "S1")] });
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.SendAsync("""{"action":"auth","key":"K1","secret":"wrong"}""");
        (await client.WaitForAsync(m => IsType(m, "error"))).GetProperty("code").GetInt32().ShouldBe(402);

        await using var open = await Sim.StartAsync(Sim.Fast());
        await using var c2 = await ConnectAsync(open.StreamUrl("/v1beta3/crypto/us"));
        await c2.SendAsync("""{"action":"auth","key":"","secret":"x"}""");
        (await c2.WaitForAsync(m => IsType(m, "error"))).GetProperty("msg").GetString().ShouldBe("auth failed");
    }

    [Fact]
    public async Task Second_auth_is_403()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/test"));
        await client.AuthAsync();
        await client.SendAsync("""{"action":"auth","key":"key","secret":"secret"}""");
        var err = await client.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(403);
        err.GetProperty("msg").GetString().ShouldBe("already authenticated");
    }

    [Fact]
    public async Task No_auth_within_timeout_is_404_and_close()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { AuthTimeout = TimeSpan.FromMilliseconds(300) });
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/iex"));
        var err = await client.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(404);
        err.GetProperty("msg").GetString().ShouldBe("auth timeout");
        (await client.WaitClosedAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task Symbol_limit_is_405_and_leaves_the_subscription_unchanged()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { SymbolLimit = 2 });
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/iex"));
        await client.AuthAsync();
        var first = await client.SubscribeAsync("""{"action":"subscribe","trades":["AAPL"],"quotes":["MSFT"]}""");
        IsType(first, "subscription").ShouldBeTrue();
        var err = await client.SubscribeAsync("""{"action":"subscribe","bars":["TSLA"]}""");
        err.GetProperty("code").GetInt32().ShouldBe(405);
        err.GetProperty("msg").GetString().ShouldBe("symbol limit exceeded");
        // An empty change echoes the current set: still exactly the first one.
        var echo = await client.SubscribeAsync("""{"action":"subscribe"}""");
        echo.GetRawText().ShouldBe(first.GetRawText());
    }

    [Fact]
    public async Task Second_connection_with_same_key_is_406_and_first_keeps_working()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var first = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await first.AuthAsync("K", "S");
        await using var second = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await second.WaitForAsync(m => IsType(m, "success"));
        await second.SendAsync("""{"action":"auth","key":"K","secret":"S"}""");
        var err = await second.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(406);
        err.GetProperty("msg").GetString().ShouldBe("connection limit exceeded");

        // Other endpoints and other keys are separate slots.
        await using var otherEndpoint = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/eu-1"));
        await otherEndpoint.AuthAsync("K", "S");

        await first.SubscribeAsync("""{"action":"subscribe","trades":["BTC/USD"]}""");
        await first.WaitForAsync(m => IsType(m, "t"));
    }

    [Fact]
    public async Task Key_without_sip_gets_409_on_sip_but_works_on_iex()
    {
        var config = Sim.Fast() with { Credentials = [new SimCredential("FREE", "S", Sip: false)] };
        await using var sim = await Sim.StartAsync(config);
        await using var sip = await ConnectAsync(sim.StreamUrl("/v2/sip"));
        await sip.WaitForAsync(m => IsType(m, "success"));
        await sip.SendAsync("""{"action":"auth","key":"FREE","secret":"S"}""");
        var err = await sip.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(409);
        err.GetProperty("msg").GetString().ShouldBe("insufficient subscription");
        (await sip.WaitClosedAsync()).ShouldBeTrue();

        await using var iex = await ConnectAsync(sim.StreamUrl("/v2/iex"));
        await iex.AuthAsync("FREE", "S");
    }

    [Theory]
    [InlineData("/v2/iex", false, true, 408, "v2 not enabled")]
    [InlineData("/v1beta3/crypto/us", true, false, 411, "insufficient scope")]
    public async Task Account_without_v2_gets_408_and_key_without_data_scope_gets_411_at_auth(
        string path, bool v2Enabled, bool dataScope, int code, string msg)
    {
        var config = Sim.Fast() with { Credentials = [new SimCredential("K", "S", V2Enabled: v2Enabled, DataScope: dataScope)] };
        await using var sim = await Sim.StartAsync(config);
        await using var ws = await ConnectAsync(sim.StreamUrl(path));
        await ws.WaitForAsync(m => IsType(m, "success"));
        await ws.SendAsync("""{"action":"auth","key":"K","secret":"S"}""");
        var err = await ws.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(code);
        err.GetProperty("msg").GetString().ShouldBe(msg);
    }

    [Fact]
    public async Task Crypto_key_without_v2_still_authenticates_on_crypto()
    {
        var config = Sim.Fast() with { Credentials = [new SimCredential("K", "S", V2Enabled: false)] };
        await using var sim = await Sim.StartAsync(config);
        await using var ws = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await ws.AuthAsync("K", "S");
    }

    [Theory]
    [InlineData("/v2/iex", """{"action":"subscribe","orderbooks":["AAPL"]}""")]
    [InlineData("/v1beta3/crypto/us", """{"action":"subscribe","statuses":["BTC/USD"]}""")]
    [InlineData("/v1beta3/crypto/us", """{"action":"subscribe","lulds":["BTC/USD"]}""")]
    [InlineData("/v2/iex", """{"action":"subscribe","corrections":["AAPL"]}""")]
    public async Task Channel_not_on_stream_is_410(string path, string request)
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        await using var client = await ConnectAsync(sim.StreamUrl(path));
        await client.AuthAsync();
        var err = await client.SubscribeAsync(request);
        err.GetProperty("code").GetInt32().ShouldBe(410);
        err.GetProperty("msg").GetString().ShouldBe("invalid subscribe action for this feed");
    }

    [Theory]
    [InlineData("/v2/iex", "{not json")]
    [InlineData("/v2/iex", """{"action":"dance"}""")]
    [InlineData("/v2/iex", """{"action":"subscribe","trades":"AAPL"}""")]
    [InlineData("/v2/iex", """{"action":"subscribe","trades":["aapl"]}""")]
    [InlineData("/v2/iex", """{"action":"subscribe","trades":[42]}""")]
    [InlineData("/v1beta3/crypto/us", """{"action":"subscribe","trades":["BTCUSD"]}""")]
    [InlineData("/v1beta3/crypto/us", """["not","an","object"]""")]
    public async Task Malformed_messages_and_symbols_are_400(string path, string request)
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        await using var client = await ConnectAsync(sim.StreamUrl(path));
        await client.AuthAsync();
        await client.SendAsync(request);
        var err = await client.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(400);
        err.GetProperty("msg").GetString().ShouldBe("invalid syntax");
        // The connection survives a bad request.
        IsType(await client.SubscribeAsync("""{"action":"subscribe","bars":["*"]}"""), "subscription").ShouldBeTrue();
    }

    [Fact]
    public async Task Subscription_echo_lists_every_channel_with_add_remove_and_wildcard_semantics()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        await using var stocks = await ConnectAsync(sim.StreamUrl("/v2/iex"));
        await stocks.AuthAsync();
        var echo = await stocks.SubscribeAsync("""{"action":"subscribe","trades":["AAPL"],"quotes":["AMD","CLDR"],"bars":["*"]}""");
        Keys(echo).ShouldBe(["T", "trades", "quotes", "bars", "updatedBars", "dailyBars", "statuses", "lulds", "corrections", "cancelErrors", "imbalances"]);
        Symbols(echo, "trades").ShouldBe(["AAPL"]);
        Symbols(echo, "quotes").ShouldBe(["AMD", "CLDR"]);
        Symbols(echo, "bars").ShouldBe(["*"]);
        Symbols(echo, "corrections").ShouldBe(["AAPL"]); // implicit with trades
        Symbols(echo, "cancelErrors").ShouldBe(["AAPL"]);

        echo = await stocks.SubscribeAsync("""{"action":"subscribe","trades":["MSFT"]}""");
        Symbols(echo, "trades").ShouldBe(["AAPL", "MSFT"]);
        Symbols(echo, "quotes").ShouldBe(["AMD", "CLDR"]);
        echo = await stocks.SubscribeAsync("""{"action":"unsubscribe","quotes":["AMD"],"bars":["*"],"trades":["NOPE"]}""");
        Symbols(echo, "quotes").ShouldBe(["CLDR"]);
        Symbols(echo, "bars").ShouldBeEmpty();
        Symbols(echo, "trades").ShouldBe(["AAPL", "MSFT"]);

        await using var crypto = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await crypto.AuthAsync();
        echo = await crypto.SubscribeAsync("""{"action":"subscribe","bars":["BTC/USD"]}""");
        Keys(echo).ShouldBe(["T", "trades", "quotes", "orderbooks", "bars", "updatedBars", "dailyBars"]);
        Symbols(echo, "bars").ShouldBe(["BTC/USD"]);
    }

    [Fact]
    public async Task Control_messages_come_alone_in_their_array()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","trades":["BTC/USD"],"quotes":["BTC/USD"]}""");
        await client.SendAsync("""{"action":"subscribe","trades":["ETH/USD"]}""");
        await client.SendAsync("{oops");
        await client.WaitForAsync(m => IsError(m, 400));
        await client.WaitForAsync(m => IsType(m, "t") && m.GetProperty("S").GetString() == "ETH/USD");
        foreach (var frame in client.Frames)
        {
            using var doc = JsonDocument.Parse(frame);
            var items = doc.RootElement.EnumerateArray().ToList();
            if (items.Any(i => i.GetProperty("T").GetString() is "success" or "error" or "subscription")) items.Count.ShouldBe(1, frame);
        }
        client.Frames.Count(f => !f.Contains("\"T\":\"success\"") && !f.Contains("\"T\":\"error\"") && !f.Contains("subscription"))
            .ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Unknown_endpoint_keys_are_not_echoed_and_subscribing_star_on_test_stream_gives_FAKEPACA()
    {
        await using var sim = await Sim.StartAsync(new SimulatorConfig { Speed = 600, Start = new DateTimeOffset(2024, 7, 27, 3, 0, 0, TimeSpan.Zero) });
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/test"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","quotes":["*"]}""");
        var q = await client.WaitForAsync(m => IsType(m, "q"));
        q.GetProperty("S").GetString().ShouldBe("FAKEPACA"); // 24/7, even on a Saturday night
    }

    private static List<string> Keys(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToList();

    private static List<string> Symbols(JsonElement e, string key) =>
        e.GetProperty(key).EnumerateArray().Select(x => x.GetString()!).ToList();
}
