using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Alpaca.Simulator.Faults;
using static Alpaca.Simulator.Tests.WsTestClient;

namespace Alpaca.Simulator.Tests;

public sealed class FaultTests
{
    private static async Task<WsTestClient> TradingClientAsync(AlpacaSimulatorServer sim, string symbols = "\"BTC/USD\"")
    {
        var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync($$"""{"action":"subscribe","trades":[{{symbols}}],"quotes":[{{symbols}}]}""");
        await client.WaitForAsync(m => IsType(m, "t") || IsType(m, "q"));
        return client;
    }

    [Theory]
    [InlineData("explode", "unknown fault 'explode'")]
    [InlineData("drop every=soon", "every must be a duration")]
    [InlineData("drop every=5s at=3s", "either 'every' or 'at'")]
    [InlineData("error", "'code' is required")]
    [InlineData("error code=99", "code must be 100-599")]
    [InlineData("corrupt", "'rate' is required")]
    [InlineData("corrupt rate=2", "rate must be a number in [0,1]")]
    [InlineData("corrupt rate=0.5 kinds=bogus", "unknown corrupt kind 'bogus'")]
    [InlineData("silent for=5s colour=red", "'silent' does not take 'colour'")]
    [InlineData("symbol-limit", "'n' is required")]
    [InlineData("drop mode=gently", "mode must be close or abort")]
    [InlineData("drop at=tomorrow", "'at' takes durations")]
    [InlineData("drop every", "expected key=value")]
    [InlineData("rest-foreign-symbol", "'rate' is required")]
    [InlineData("rest-out-of-range rate=1.5", "rate must be a number in [0,1]")]
    [InlineData("rest-wrong-timeframe rate=0.5 delay=1s", "'rest-wrong-timeframe' does not take 'delay'")]
    public void Fault_plan_errors_are_clear_ArgumentExceptions(string plan, string message)
    {
        var ex = Should.Throw<ArgumentException>(() => FaultPlan.Parse(plan));
        ex.Message.ShouldContain(message);
        ex.Message.ShouldContain(plan.Split(' ')[0]);
    }

    [Fact]
    public void Fault_plan_round_trips_through_its_text()
    {
        const string text = "drop every=30s mode=abort; silent at=10s,2024-07-24T15:00:00Z for=5s\nerror code=500 at=1m close=true count=2; slow at=90s; "
            + "corrupt rate=0.01 kinds=truncated,unknown; symbol-limit n=30; rest-error rate=0.1 code=503; rest-timeout rate=0.05 delay=500ms; rest-malformed rate=0.02; ratelimit n=200; "
            + "rest-foreign-symbol rate=0.1 count=3; rest-out-of-range rate=0.2; rest-wrong-timeframe rate=1";
        var plan = FaultPlan.Parse(text);
        plan.Rules.Count.ShouldBe(13);
        plan.Rules[^3].Kind.ShouldBe(FaultKind.RestForeignSymbol);
        plan.Rules[^3].Count.ShouldBe(3);
        plan.Rules[^1].Kind.ShouldBe(FaultKind.RestWrongTimeframe);
        FaultPlan.Parse(plan.ToString()).ToString().ShouldBe(plan.ToString());
        plan.Rules[1].At.Count.ShouldBe(2);
        plan.Rules[2].Count.ShouldBe(2);
    }

    [Fact]
    public async Task Drop_every_n_seconds_closes_the_connection_and_reconnecting_works()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { FaultPlan = "drop every=1s" });
        await using var client = await TradingClientAsync(sim);
        (await client.WaitClosedAsync()).ShouldBeTrue();
        client.CloseStatus.ShouldBe(WebSocketCloseStatus.InternalServerError);
        await using var again = await TradingClientAsync(sim); // the slot of the dropped connection was released
    }

    [Fact]
    public async Task Admin_drop_with_abort_cuts_the_connection_without_a_close_frame()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await TradingClientAsync(sim);
        using var http = Http.Client(sim);
        (await http.PostAsJsonAsync("/admin/faults", new { plan = "drop mode=abort" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.WaitClosedAsync()).ShouldBeTrue();
        client.CloseStatus.ShouldBeNull();
    }

    [Fact]
    public async Task Silent_keeps_the_socket_open_but_sends_no_data()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await TradingClientAsync(sim);
        sim.Faults.Apply("silent");
        await Task.Delay(300); // let frames already in flight arrive
        var before = sim.Truth.Published("BTC/USD", "trades") + sim.Truth.Published("BTC/USD", "quotes");
        await Task.Delay(700); // 7 simulated minutes
        (sim.Truth.Published("BTC/USD", "trades") + sim.Truth.Published("BTC/USD", "quotes")).ShouldBe(before);
        // Control traffic still works on the silent socket.
        var echo = await client.SubscribeAsync("""{"action":"subscribe","bars":["ETH/USD"]}""");
        IsType(echo, "subscription").ShouldBeTrue();
        sim.Faults.Clear();
        await client.WaitForAsync(m => IsType(m, "t"));
    }

    [Theory]
    [InlineData(500, "internal error")]
    [InlineData(409, "insufficient subscription")]
    [InlineData(405, "symbol limit exceeded")]
    public async Task Any_error_code_can_be_injected(int code, string text)
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await TradingClientAsync(sim);
        sim.Faults.Apply($"error code={code}");
        var err = await client.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(code);
        err.GetProperty("msg").GetString().ShouldBe(text);
        await client.WaitForAsync(m => IsType(m, "t")); // close=false: the connection lives on
    }

    [Fact]
    public async Task Slow_client_fault_sends_407_and_disconnects()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await TradingClientAsync(sim);
        // Applied once the client is connected: a wall-clock `at=` could fire before a loaded machine has connected.
        sim.Faults.Apply("slow");
        var err = await client.WaitForAsync(m => IsType(m, "error"));
        err.GetProperty("code").GetInt32().ShouldBe(407);
        err.GetProperty("msg").GetString().ShouldBe("slow client");
        (await client.WaitClosedAsync()).ShouldBeTrue();
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_disconnected_as_slow()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { FirehoseSymbols = ["BTC/USD"], SlowClientLag = TimeSpan.FromMilliseconds(500) });
        await using var client = await TradingClientAsync(sim);
        await Task.Delay(2000); // not reading: socket buffers fill, the server gives up on us
        (await client.WaitClosedAsync(TimeSpan.FromSeconds(60))).ShouldBeTrue();
    }

    [Fact]
    public async Task Truncated_and_wrongly_typed_frames_are_counted_as_corrupted()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { FaultPlan = "corrupt rate=1 kinds=truncated,types" });
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","trades":["BTC/USD"]}""");
        while (client.Frames.Count < 12) (await client.ReceiveFrameAsync()).ShouldNotBeNull();
        var data = client.Frames.Skip(3).ToList();
        data.ShouldAllBe(f => !IsValidTradeFrame(f));
        data.ShouldContain(f => !IsJson(f));
        sim.Truth.Published("BTC/USD", "trades").ShouldBe(0);
        sim.Truth.Corrupted("BTC/USD", "trades").ShouldBeGreaterThan(0);
        sim.Truth.CorruptedFrames.ShouldBeGreaterThanOrEqualTo(data.Count);
    }

    [Fact]
    public async Task Unknown_fields_and_message_types_keep_the_real_messages_countable()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { FaultPlan = "corrupt rate=1 kinds=fields,unknown" });
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","trades":["BTC/USD"]}""");
        await client.WaitForAsync(m => IsType(m, "zz"));
        await client.WaitForAsync(m => IsType(m, "t") && m.TryGetProperty("zz_unknown", out _));
        await client.SubscribeAsync("""{"action":"unsubscribe","trades":["BTC/USD"]}""");
        client.Messages.Count(m => IsType(m, "t")).ShouldBe((int)sim.Truth.Published("BTC/USD", "trades"));
        client.Messages.Count(m => IsType(m, "zz")).ShouldBe((int)sim.Truth.InjectedUnknownMessages);
    }

    [Fact]
    public async Task Rest_faults_500_malformed_and_timeout_then_recovery()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast());
        using var http = Http.Client(sim, auth: false);
        const string url = "/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Min&start=2024-07-24T12:00:00Z&end=2024-07-24T12:05:00Z";
        sim.Faults.Apply("rest-error rate=1 count=1");
        (await http.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await http.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);

        sim.Faults.Apply("rest-malformed rate=1 count=1");
        var malformed = await http.GetStringAsync(url);
        Should.Throw<JsonException>(() => JsonDocument.Parse(malformed));
        JsonDocument.Parse(await http.GetStringAsync(url)).RootElement.GetProperty("bars").GetProperty("BTC/USD").GetArrayLength().ShouldBe(6);

        sim.Faults.Apply("rest-timeout rate=1 count=1 delay=200ms");
        await Should.ThrowAsync<HttpRequestException>(() => http.GetAsync(url));
        (await http.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Symbol_limit_and_rate_limit_from_the_plan()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { FaultPlan = "symbol-limit n=1; ratelimit n=1" });
        await using var client = await ConnectAsync(sim.StreamUrl("/v2/iex"));
        await client.AuthAsync();
        (await client.SubscribeAsync("""{"action":"subscribe","trades":["AAPL","MSFT"]}""")).GetProperty("code").GetInt32().ShouldBe(405);
        using var http = Http.Client(sim);
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) codes.Add((await http.GetAsync("/v2/stocks/bars?symbols=AAPL&timeframe=1Min")).StatusCode);
        codes.ShouldContain(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Admin_endpoints_show_add_replace_and_clear_faults_and_report_truth()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600) with { FaultPlan = "corrupt rate=0.001" });
        using var http = Http.Client(sim);
        var bad = await http.PostAsJsonAsync("/admin/faults", new { plan = "drop every=never" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString()!.ShouldContain("every must be a duration");

        await http.PostAsJsonAsync("/admin/faults", new { plan = "rest-error rate=0.5" });
        var faults = await http.GetFromJsonAsync<JsonElement>("/admin/faults");
        faults.GetProperty("rules").GetArrayLength().ShouldBe(2);
        await http.PostAsJsonAsync("/admin/faults", new { plan = "drop every=1h", replace = true });
        faults = await http.GetFromJsonAsync<JsonElement>("/admin/faults");
        faults.GetProperty("plan").GetString().ShouldBe("drop every=3600s mode=close");
        (await http.DeleteAsync("/admin/faults")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await http.GetFromJsonAsync<JsonElement>("/admin/faults")).GetProperty("rules").GetArrayLength().ShouldBe(0);

        await using (var client = await TradingClientAsync(sim))
        {
            await client.WaitForAsync(m => IsType(m, "t"));
            await client.SubscribeAsync("""{"action":"unsubscribe","trades":["BTC/USD"],"quotes":["BTC/USD"]}""");
            var truth = await http.GetFromJsonAsync<JsonElement>("/admin/truth");
            truth.GetProperty("connections").GetInt64().ShouldBe(1);
            var trades = truth.GetProperty("counts").EnumerateArray()
                .Single(c => c.GetProperty("symbol").GetString() == "BTC/USD" && c.GetProperty("channel").GetString() == "trades");
            trades.GetProperty("published").GetInt64().ShouldBe(client.Messages.Count(m => IsType(m, "t")));
        }
        var clock = await http.GetFromJsonAsync<JsonElement>("/admin/clock");
        clock.GetProperty("speed").GetDouble().ShouldBe(600);
    }

    private static bool IsJson(string frame)
    {
        try { using var _ = JsonDocument.Parse(frame); return true; }
        catch (JsonException) { return false; }
    }

    private static bool IsValidTradeFrame(string frame)
    {
        try
        {
            using var doc = JsonDocument.Parse(frame);
            return doc.RootElement.EnumerateArray().All(m =>
                m.GetProperty("S").ValueKind == JsonValueKind.String && m.GetProperty("p").ValueKind == JsonValueKind.Number
                && m.GetProperty("t").ValueKind == JsonValueKind.String);
        }
        catch (Exception) { return false; }
    }
}
