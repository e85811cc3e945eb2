using System.Text.Json;
using Alpaca.Simulator;
using Alpaca.Simulator.Faults;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Tests.Support;

namespace Torghut.Tests.Ingest;

/// <summary>The session against the Alpaca simulator over real sockets, with the real Alpaca.Crypto plugin.</summary>
public sealed class FeedSessionTests
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD"];

    private static Task<AlpacaSimulatorServer> Simulator(SimulatorConfig? config = null) =>
        AlpacaSimulatorServer.StartAsync((config ?? new SimulatorConfig()) with { Speed = 60, Symbols = Pairs, TradesPerMinute = 120, QuotesPerMinute = 120 });

    private static IFeedEndpoint CryptoFeed(AlpacaSimulatorServer sim) =>
        AlpacaLane.Feed("Alpaca.Crypto", sim.Settings.ToDictionary());

    private static async Task<(Task Run, CancellationTokenSource Stop)> StartAsync(FeedSession session)
    {
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        await Eventually.HoldsAsync(() => session.Snapshot().Ready, "session subscribed", TimeSpan.FromSeconds(20));
        return (run, stop);
    }

    [Fact]
    public async Task Streams_every_minute_bar_the_venue_published_once_with_no_duplicate_trades()
    {
        await using var sim = await Simulator();
        var publisher = new RecordingPublisher();
        var session = AlpacaLane.Session(CryptoFeed(sim), publisher, Pairs);
        var (run, stop) = await StartAsync(session);
        session.Snapshot().Subscribed["trades"].ShouldBe(Pairs.Order().ToList());
        await Eventually.HoldsAsync(() => publisher.Envelopes("bars").Count >= 10, "ten bars", TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await run;

        foreach (var symbol in Pairs)
        {
            var bars = publisher.Envelopes("bars").Where(e => e.GetProperty("symbol").GetString() == symbol).ToList();
            var minutes = bars.Select(e => NanoTimestamp.Parse(e.GetProperty("eventTs").GetString()!)).ToList();
            minutes.Distinct().Count().ShouldBe(minutes.Count, $"{symbol}: a minute bar arrived twice");
            var truth = sim.Truth.Bars(symbol);
            // The latest version of each minute (an updatedBar replaces its bar), as downstream keeps it.
            var latest = publisher.Envelopes("bars").Concat(publisher.Envelopes("updatedBars"))
                .Where(e => e.GetProperty("symbol").GetString() == symbol)
                .OrderBy(e => e.GetProperty("seq").GetInt64())
                .GroupBy(e => NanoTimestamp.Parse(e.GetProperty("eventTs").GetString()!))
                .ToDictionary(g => g.Key, g => g.Last());
            // Every minute the venue published between our first and last bar arrived, with the venue's values.
            foreach (var (minute, bar) in truth.Where(kv => kv.Key >= minutes.Min() && kv.Key < minutes.Max()))
            {
                var received = latest[minute].GetProperty("payload");
                received.GetProperty("c").GetDouble().ShouldBe((double)bar.Close, 1e-9, $"{symbol} {minute} close");
                received.GetProperty("v").GetDouble().ShouldBe((double)bar.Volume, 1e-9, $"{symbol} {minute} volume");
            }
            var trades = publisher.Envelopes("trades").Where(e => e.GetProperty("symbol").GetString() == symbol).ToList();
            trades.ShouldNotBeEmpty();
            var ids = trades.Select(t => t.GetProperty("payload").GetProperty("i").GetInt64()).ToList();
            ids.Distinct().Count().ShouldBe(ids.Count, $"{symbol}: duplicate trade");
            trades.Count.ShouldBeLessThanOrEqualTo((int)sim.Truth.Published(symbol, "trades"));
            trades.ShouldAllBe(t => t.GetProperty("payload").GetProperty("s").GetDouble() > 0);
        }
        session.Snapshot().DecodeErrors.ShouldBe(0);
    }

    [Fact]
    public async Task Bad_credentials_degrade_the_lane_and_retry_slowly_not_in_a_tight_loop()
    {
        await using var sim = await Simulator(new SimulatorConfig { Credentials = [new SimCredential("good", "secret")] });
        var session = AlpacaLane.Session(CryptoFeed(sim), new RecordingPublisher(), Pairs,
            new SessionOptions { ConfigErrorRetry = TimeSpan.FromSeconds(30) }, key: "good", secret: "wrong");
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        await Eventually.HoldsAsync(() => session.Snapshot().State == SessionState.Degraded, "lane degraded");
        var snapshot = session.Snapshot();
        snapshot.ErrorClass.ShouldBe("alpaca_auth");
        snapshot.Problem.ShouldContain("402");
        snapshot.Problem.ShouldNotContain("wrong"); // the secret never reaches an error message
        await Task.Delay(2000);
        sim.Truth.Connections.ShouldBe(1);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_second_connection_with_the_same_key_backs_off_on_406_and_the_first_stays_ready()
    {
        await using var sim = await Simulator();
        var first = AlpacaLane.Session(CryptoFeed(sim), new RecordingPublisher(), Pairs);
        var (run1, stop1) = await StartAsync(first);
        var second = AlpacaLane.Session(CryptoFeed(sim), new RecordingPublisher(), Pairs,
            new SessionOptions { ConnectionLimitRetry = TimeSpan.FromSeconds(30) });
        using var stop2 = new CancellationTokenSource();
        var run2 = Task.Run(() => second.RunAsync(stop2.Token));
        await Eventually.HoldsAsync(() => second.Snapshot().ErrorClass == "alpaca_406_second_connection", "406 classified");
        second.Snapshot().State.ShouldBe(SessionState.Backoff);
        first.Snapshot().Ready.ShouldBeTrue();
        await Task.WhenAll(stop1.CancelAsync(), stop2.CancelAsync());
        await Task.WhenAll(run1, run2);
    }

    [Fact]
    public async Task A_symbol_limit_keeps_the_subscribed_set_and_reports_the_refused_symbols()
    {
        await using var sim = await Simulator(new SimulatorConfig { SymbolLimit = 2 });
        string[] three = ["BTC/USD", "ETH/USD", "SOL/USD"];
        var feed = AlpacaLane.Feed("Alpaca.Crypto", new Dictionary<string, string>(sim.Settings) { ["SUBSCRIBE_BATCH_SIZE"] = "1" });
        var session = AlpacaLane.Session(feed, new RecordingPublisher(), three);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        await Eventually.HoldsAsync(() => session.Snapshot().Rejected.Count > 0, "405 reported");
        var snapshot = session.Snapshot();
        snapshot.Ready.ShouldBeFalse();
        snapshot.Rejected.Keys.ShouldBe(["SOL/USD"]);
        snapshot.Problem.ShouldContain("SOL/USD");
        snapshot.Subscribed["trades"].ShouldBe(["BTC/USD", "ETH/USD"]);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_silent_socket_is_detected_by_the_read_idle_timeout_and_reconnected()
    {
        await using var sim = await Simulator(new SimulatorConfig { KeepAliveInterval = TimeSpan.FromMinutes(5) });
        var session = AlpacaLane.Session(CryptoFeed(sim), new RecordingPublisher(), Pairs,
            new SessionOptions { ReadIdleTimeout = TimeSpan.FromSeconds(2), ReconnectBase = TimeSpan.FromMilliseconds(50) });
        var (run, stop) = await StartAsync(session);
        sim.Faults.Apply(FaultPlan.Parse("silent for=60s count=1"));
        await Eventually.HoldsAsync(() => session.Reconnects >= 1, "reconnected after silence", TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => session.Snapshot().Ready, "ready again", TimeSpan.FromSeconds(20));
        sim.Truth.Connections.ShouldBeGreaterThanOrEqualTo(2);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Corrupted_frames_are_counted_and_the_stream_goes_on()
    {
        await using var sim = await Simulator();
        var publisher = new RecordingPublisher();
        var session = AlpacaLane.Session(CryptoFeed(sim), publisher, Pairs);
        var (run, stop) = await StartAsync(session);
        sim.Faults.Apply(FaultPlan.Parse("corrupt rate=0.3"));
        await Eventually.HoldsAsync(() => session.Snapshot().DecodeErrors > 0, "decode errors counted", TimeSpan.FromSeconds(20));
        var before = publisher.Records.Count;
        await Eventually.HoldsAsync(() => publisher.Records.Count > before + 50, "data still flowing", TimeSpan.FromSeconds(20));
        session.Snapshot().Ready.ShouldBeTrue();
        session.Reconnects.ShouldBe(0);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Dropped_connections_reconnect_with_backoff_and_resubscribe_everything()
    {
        await using var sim = await Simulator();
        var session = AlpacaLane.Session(CryptoFeed(sim), new RecordingPublisher(), Pairs,
            new SessionOptions { ReconnectBase = TimeSpan.FromMilliseconds(50), ReconnectMax = TimeSpan.FromMilliseconds(500) });
        var (run, stop) = await StartAsync(session);
        sim.Faults.Apply(FaultPlan.Parse("drop every=1s count=3"));
        await Eventually.HoldsAsync(() => session.Reconnects >= 3, "three reconnects", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(() => session.Snapshot().Ready, "ready again", TimeSpan.FromSeconds(20));
        session.Snapshot().Subscribed["quotes"].ShouldBe(Pairs.Order().ToList());
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task A_universe_change_is_applied_as_a_diff_without_reconnecting()
    {
        await using var sim = await Simulator();
        var session = AlpacaLane.Session(CryptoFeed(sim), new RecordingPublisher(), Pairs);
        var (run, stop) = await StartAsync(session);
        session.SetSymbols(["ETH/USD", "SOL/USD"]);
        await Eventually.HoldsAsync(() => session.Snapshot() is { Ready: true } s && s.Subscribed["trades"].SequenceEqual(["ETH/USD", "SOL/USD"]),
            "echo shows the new universe");
        session.Reconnects.ShouldBe(0);
        sim.Truth.Connections.ShouldBe(1);
        await stop.CancelAsync();
        await run;
    }
}
