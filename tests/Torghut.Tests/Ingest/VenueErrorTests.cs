using Alpaca.Simulator;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Tests.Support;

namespace Torghut.Tests.Ingest;

/// <summary>
/// Each Alpaca error code gets the reaction Alpaca means (docs/venue-errors.md, ADR 0014), against the simulator
/// over real sockets with the real plugins. The simulator sends each code where Alpaca does: 405 over the symbol limit,
/// 400 for a symbol it cannot read, 408/411 at auth; 403 and stray errors come from its fault plan.
/// </summary>
public sealed class VenueErrorTests
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD", "SOL/USD"];

    private static Task<AlpacaSimulatorServer> Simulator(SimulatorConfig? config = null) =>
        AlpacaSimulatorServer.StartAsync((config ?? new SimulatorConfig()) with { Speed = 60, Symbols = Pairs, TradesPerMinute = 60, QuotesPerMinute = 60 });

    private static IFeedEndpoint Feed(AlpacaSimulatorServer sim, string plugin = "Alpaca.Crypto") => AlpacaLane.Feed(plugin, sim.Settings);

    private static (Task Run, CancellationTokenSource Stop) Start(FeedSession session)
    {
        var stop = new CancellationTokenSource();
        return (Task.Run(() => session.RunAsync(stop.Token)), stop);
    }

    private static async Task StopAsync((Task Run, CancellationTokenSource Stop) running)
    {
        await running.Stop.CancelAsync();
        await running.Run;
    }

    [Fact]
    public async Task A_405_keeps_every_symbol_that_fits_refuses_the_rest_and_a_universe_change_tries_them_again()
    {
        await using var sim = await Simulator(new SimulatorConfig { SymbolLimit = 2 });
        var log = new ListLogger();
        var session = AlpacaLane.Session(Feed(sim), new RecordingPublisher(), Pairs, logger: log); // one request of all three
        var running = Start(session);
        await Eventually.HoldsAsync(() => session.Snapshot().Rejected.Count > 0, "405 resolved");

        var s = session.Snapshot();
        s.Subscribed["trades"].ShouldBe(["BTC/USD", "ETH/USD"]); // what fits is kept, not the old empty set
        s.Rejected.ShouldBe(new Dictionary<string, string> { ["SOL/USD"] = SubscriptionTracker.SymbolLimitReason });
        (s.State, s.ErrorClass).ShouldBe((SessionState.Degraded, "alpaca_symbol_limit"));
        s.Problem.ShouldBe("symbol limit exceeded; not subscribed: SOL/USD");
        log.Lines.ShouldContain(l => l.Contains("refused: SOL/USD"));

        session.SetSymbols(["BTC/USD", "SOL/USD"]); // ETH leaves: room for SOL
        await Eventually.HoldsAsync(() => session.Snapshot().Ready, "ready after the universe change");
        session.Snapshot().Subscribed["trades"].ShouldBe(["BTC/USD", "SOL/USD"]);
        sim.Truth.Connections.ShouldBe(1);
        await StopAsync(running);
    }

    /// <summary>A session whose third pair the plan's limit (a fault, so it can be lifted) refuses.</summary>
    private static async Task<(FeedSession Session, (Task Run, CancellationTokenSource Stop) Running)> RefusingSolAsync(
        AlpacaSimulatorServer sim, SessionOptions options)
    {
        sim.Faults.Apply("symbol-limit n=2");
        var session = AlpacaLane.Session(Feed(sim), new RecordingPublisher(), Pairs, options);
        var running = Start(session);
        await Eventually.HoldsAsync(() => session.Snapshot().Rejected.ContainsKey("SOL/USD"), "SOL/USD refused");
        return (session, running);
    }

    [Fact]
    public async Task After_a_reconnect_the_lane_subscribes_its_whole_universe_again()
    {
        await using var sim = await Simulator();
        var (session, running) = await RefusingSolAsync(sim, new SessionOptions { ReconnectBase = TimeSpan.FromMilliseconds(50) });

        sim.Faults.Clear(); // the plan's limit is lifted: only a new subscribe can tell
        sim.Faults.Apply("drop count=1");
        await Eventually.HoldsAsync(() => session.Snapshot().Ready, "ready after reconnecting", TimeSpan.FromSeconds(20));
        session.Reconnects.ShouldBeGreaterThanOrEqualTo(1);
        session.Snapshot().Subscribed["trades"].ShouldBe(Pairs);
        session.Snapshot().Rejected.ShouldBeEmpty();
        await StopAsync(running);
    }

    [Fact]
    public async Task Refused_symbols_are_tried_again_after_the_long_backoff_without_reconnecting()
    {
        await using var sim = await Simulator();
        var (session, running) = await RefusingSolAsync(sim, new SessionOptions { RefusedRetry = TimeSpan.FromSeconds(2) });
        await Task.Delay(500);
        session.Snapshot().Rejected.ShouldContainKey("SOL/USD"); // not retried in a loop

        sim.Faults.Clear();
        await Eventually.HoldsAsync(() => session.Snapshot().Ready, "ready after the retry", TimeSpan.FromSeconds(10));
        session.Snapshot().Subscribed["trades"].ShouldBe(Pairs);
        (session.Reconnects, sim.Truth.Connections).ShouldBe((0L, 1L));
        await StopAsync(running);
    }

    [Fact]
    public async Task A_400_on_a_subscribe_refuses_only_the_symbol_the_venue_cannot_read_and_streams_the_others()
    {
        // BF-B passes the equity codec (a class separator) but not Alpaca's ticker syntax (BF.B).
        await using var sim = await Simulator();
        var log = new ListLogger();
        var session = AlpacaLane.Session(Feed(sim, "Alpaca.Equity"), new RecordingPublisher(), ["AAPL", "BF-B", "MSFT"],
            lane: "equity", logger: log);
        var running = Start(session);
        await Eventually.HoldsAsync(() => session.Snapshot().Rejected.Count > 0, "400 resolved");

        var s = session.Snapshot();
        s.Subscribed["trades"].ShouldBe(["AAPL", "MSFT"]);
        s.Rejected.ShouldBe(new Dictionary<string, string> { ["BF-B"] = SubscriptionTracker.InvalidSymbolReason });
        (s.State, s.ErrorClass).ShouldBe((SessionState.Degraded, "alpaca_subscription")); // LaneHealth: partial
        s.Problem.ShouldBe("refused as invalid (400); not subscribed: BF-B");
        log.Lines.ShouldContain(l => l.Contains("400 invalid syntax") && l.Contains("refused a subscribe of 3 symbols (AAPL,BF-B,MSFT)"));
        session.Reconnects.ShouldBe(0);
        await StopAsync(running);
    }

    [Theory]
    [InlineData(403, "harmless")]
    [InlineData(400, "still streaming")]
    public async Task A_stray_error_while_streaming_is_logged_and_changes_nothing(int code, string logged)
    {
        await using var sim = await Simulator();
        var log = new ListLogger();
        var session = AlpacaLane.Session(Feed(sim), new RecordingPublisher(), Pairs, logger: log);
        var running = Start(session);
        await Eventually.HoldsAsync(() => session.Snapshot().Ready, "ready");
        sim.Faults.Apply($"error code={code} count=1");
        await Eventually.HoldsAsync(() => log.Lines.Any(l => l.Contains($"venue error {code}") && l.Contains(logged)), $"{code} logged");
        session.Snapshot().Ready.ShouldBeTrue();
        (session.Reconnects, sim.Truth.Connections).ShouldBe((0L, 1L));
        await StopAsync(running);
    }

    [Theory]
    [InlineData("Alpaca.Equity", false, true, "408")]
    [InlineData("Alpaca.Crypto", true, false, "411")]
    public async Task A_408_or_411_at_auth_is_a_configuration_error_retried_slowly(string plugin, bool v2Enabled, bool dataScope, string code)
    {
        await using var sim = await Simulator(new SimulatorConfig { Credentials = [new SimCredential("key", "secret", V2Enabled: v2Enabled, DataScope: dataScope)] });
        var session = AlpacaLane.Session(Feed(sim, plugin), new RecordingPublisher(), plugin == "Alpaca.Equity" ? ["AAPL"] : Pairs,
            new SessionOptions { ConfigErrorRetry = TimeSpan.FromSeconds(30) }, key: "key", secret: "secret");
        var running = Start(session);
        await Eventually.HoldsAsync(() => session.Snapshot().State == SessionState.Degraded, "degraded");
        var s = session.Snapshot();
        s.ErrorClass.ShouldBe("alpaca_auth");
        s.Problem.ShouldContain(code);
        await Task.Delay(1000);
        sim.Truth.Connections.ShouldBe(1); // no tight reconnect loop
        await StopAsync(running);
    }
}
