using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Gates.Calendar;
using Torghut.Host.Gates.Slo;
using Torghut.Host.Ingest;
using Torghut.Host.Ingest.Backfill;
using Torghut.Host.Lanes;
using Torghut.Host.Storage;
using Torghut.Host.Storage.DuckDb;
using Torghut.Host.Transport;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;

namespace Torghut.Tests.Gates;

/// <summary>The SLO evaluator on a clock the test controls, with a real DuckDB store holding rows at known times.</summary>
public sealed class SloEvaluatorTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("torghut-slo");
    private readonly FakeIngest _ingest = new();
    private readonly ManualClock _clock = new(TaRows.Base.ToDateTimeOffset()); // Sunday 2026-02-22: equities closed
    private DuckDbTaStore _store = null!;
    private TransportHealth _transport = new(true, null, 0, 0, 0, 0);
    private IngestLagWindow _lag = null!;

    private static readonly LanePlan Crypto = new()
    {
        Name = "crypto", Market = Market.Crypto, Flag = "torghut_ws_crypto_enabled", Enabled = true, Plugin = "Alpaca.Crypto", Symbols = ["BTC/USD", "ETH/USD"],
    };

    private static readonly LanePlan Equity = new()
    {
        Name = "equity", Market = Market.Equity, Flag = "torghut_ws_equity_enabled", Enabled = true, Plugin = "Alpaca.Equity", Symbols = ["MSFT"],
    };

    public async Task InitializeAsync()
    {
        _store = new DuckDbTaStore(_dir.Path);
        await _store.EnsureSchemaAsync();
        _lag = new IngestLagWindow(_clock);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    private SloEvaluator Evaluator(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();
        var lanes = new FakeLanes([new LaneState("crypto", true, _clock.GetUtcNow(), null, null, Crypto.Symbols, 1),
            new LaneState("equity", true, _clock.GetUtcNow(), null, null, Equity.Symbols, 1)]);
        return new SloEvaluator(_ingest, lanes, new FakePlanner([Crypto, Equity]), () => _store, () => _transport, _lag,
            new MarketHours(Torghut.Host.Gates.GatesOptions.From(config)), Torghut.Host.Gates.GatesOptions.From(config),
            NullLogger.Instance);
    }

    private Task<SloSnapshot> At(SloEvaluator evaluator, int secondsAfterBase)
    {
        _clock.Now = TaRows.Base.ToDateTimeOffset().AddSeconds(secondsAfterBase);
        return evaluator.EvaluateAsync(_clock.Now);
    }

    [Fact]
    public async Task Fresh_covered_crypto_data_holds_and_a_closed_equity_market_is_never_a_breach()
    {
        await _store.WriteAsync([TaRows.Microbar("BTC/USD", 10), TaRows.Microbar("ETH/USD", 12)], [TaRows.FullSignal("BTC/USD", 10), TaRows.FullSignal("ETH/USD", 12)]);
        _ingest.Session("crypto", ready: true);
        var evaluator = Evaluator();
        _clock.Now = TaRows.Base.ToDateTimeOffset().AddSeconds(39);
        _lag.Observer("crypto")("trades", Now, [120]);
        var snapshot = await At(evaluator, 40);

        snapshot.MarketOpen["crypto"].ShouldBeTrue();
        snapshot.MarketOpen["equity"].ShouldBeFalse();
        var ta = snapshot.Find(SloNames.TaFreshness, "crypto")!;
        ta.State.ShouldBe(SloStates.Ok);
        ta.Observed!.Value.ShouldBe(30, 0.01); // BTC/USD, the worst pair, last signal 30 s ago
        ta.Detail!.ShouldContain("BTC/USD");
        snapshot.Find(SloNames.PairCoverage, "crypto")!.Observed.ShouldBe(1.0);
        // No equity session, no rows, no lane: still not a breach, and the reason is visible.
        foreach (var slo in SloNames.All.Where(s => s != SloNames.KafkaDeliveryFailures))
            snapshot.Find(slo, "equity")!.State.ShouldBe(SloStates.NotInSession, slo);
        snapshot.Results.ShouldNotContain(r => r.Breached);
    }

    [Fact]
    public async Task Stale_signals_and_a_pair_without_rows_breach_ta_freshness_and_coverage()
    {
        await _store.WriteAsync([TaRows.Microbar("BTC/USD", 10)], [TaRows.FullSignal("BTC/USD", 10)]);
        _ingest.Session("crypto", ready: true);
        var snapshot = await At(Evaluator(), 10 + 121);
        var ta = snapshot.Find(SloNames.TaFreshness, "crypto")!;
        ta.State.ShouldBe(SloStates.Breached);
        ta.Observed!.Value.ShouldBe(121, 0.01);
        ta.Detail!.ShouldBe("worst BTC/USD; no signals in the last 60 min: ETH/USD");
        var coverage = snapshot.Find(SloNames.PairCoverage, "crypto")!;
        coverage.State.ShouldBe(SloStates.Breached);
        coverage.Observed.ShouldBe(0.5);
        coverage.Detail!.ShouldContain("ETH/USD");
    }

    [Fact]
    public async Task Readiness_availability_counts_not_ready_samples_after_the_startup_grace()
    {
        var evaluator = Evaluator(("SLO_READINESS_GRACE_SECONDS", "5"), ("SLO_READINESS_WINDOW_SECONDS", "100"));
        _ingest.Session("crypto", ready: false);
        (await At(evaluator, 1)).Find(SloNames.WsReadinessAvailability, "crypto")!.State.ShouldBe(SloStates.NoData); // starting
        _ingest.Session("crypto", ready: true);
        for (var t = 10; t < 100; t += 10) await At(evaluator, t);
        var before = (await At(evaluator, 100)).Find(SloNames.WsReadinessAvailability, "crypto")!;
        before.State.ShouldBe(SloStates.Ok);
        before.Observed.ShouldBe(1.0);

        _ingest.Session("crypto", ready: false);
        var after = (await At(evaluator, 110)).Find(SloNames.WsReadinessAvailability, "crypto")!;
        after.State.ShouldBe(SloStates.Breached);
        after.Observed!.Value.ShouldBe(10 / 11.0, 1e-9); // samples at 10..110 s: one of eleven not ready
    }

    [Fact]
    public async Task Universe_and_kafka_failures_count_within_their_windows_only()
    {
        var evaluator = Evaluator(("SLO_UNIVERSE_WINDOW_SECONDS", "60"), ("SLO_KAFKA_WINDOW_SECONDS", "60"));
        _ingest.Session("crypto", ready: true, universeFailures: 0);
        await At(evaluator, 0);
        _ingest.Session("crypto", ready: true, universeFailures: 1);
        (await At(evaluator, 10)).Find(SloNames.UniverseFetchFailures, "crypto")!.State.ShouldBe(SloStates.Ok); // one failure is tolerated
        _ingest.Session("crypto", ready: true, universeFailures: 3);
        _transport = _transport with { Failed = 4, ErrorClass = "kafka_produce" };
        var breached = await At(evaluator, 20);
        breached.Find(SloNames.UniverseFetchFailures, "crypto")!.Observed.ShouldBe(3);
        breached.Find(SloNames.UniverseFetchFailures, "crypto")!.State.ShouldBe(SloStates.Breached);
        var kafka = breached.Find(SloNames.KafkaDeliveryFailures, SloNames.AllLanes)!;
        (kafka.State, kafka.Observed, kafka.Detail).ShouldBe((SloStates.Breached, 4.0, "last error class: kafka_produce"));

        // A lane restart resets its counter (1 more failure after the reset still counts); old failures age out.
        _ingest.Session("crypto", ready: true, universeFailures: 1);
        await At(evaluator, 50);
        var later = await At(evaluator, 85);
        later.Find(SloNames.UniverseFetchFailures, "crypto")!.Observed.ShouldBe(1);
        later.Find(SloNames.KafkaDeliveryFailures, SloNames.AllLanes)!.State.ShouldBe(SloStates.Ok);
    }

    [Fact]
    public async Task Ingest_freshness_is_the_p95_of_trade_and_quote_lags_in_the_window()
    {
        var evaluator = Evaluator(("SLO_INGEST_FRESHNESS_WINDOW_SECONDS", "60"));
        _ingest.Session("crypto", ready: true);
        _clock.Now = TaRows.Base.ToDateTimeOffset();
        var observe = _lag.Observer("crypto");
        observe("trades", Now, Enumerable.Repeat(300.0, 94).ToArray());
        observe("quotes", Now, Enumerable.Repeat(4_000.0, 6).ToArray());
        observe("bars", Now, Enumerable.Repeat(60_000.0, 1000).ToArray()); // a bar's event time is its minute's start: not freshness
        var slow = (await At(evaluator, 5)).Find(SloNames.IngestFreshnessP95, "crypto")!;
        slow.State.ShouldBe(SloStates.Breached);
        slow.Observed!.Value.ShouldBe(4.0, 4.0 * 0.05);

        observe("trades", Now, Enumerable.Repeat(300.0, 100).ToArray());
        var fast = (await At(evaluator, 6)).Find(SloNames.IngestFreshnessP95, "crypto")!;
        fast.State.ShouldBe(SloStates.Ok);
        fast.Observed!.Value.ShouldBe(0.3, 0.3 * 0.05);

        // Two minutes later nothing was observed in the window: a silent lane in session is a breach, not a pass.
        var silent = (await At(evaluator, 130)).Find(SloNames.IngestFreshnessP95, "crypto")!;
        silent.State.ShouldBe(SloStates.Breached);
        silent.Detail.ShouldBe("no trades or quotes received in the window");
    }

    /// <summary>The manual clock's time, as the frame receipt time a lane passes with its lags.</summary>
    private NanoTimestamp Now => NanoTimestamp.FromDateTimeOffset(_clock.Now);

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class FakeIngest : IIngestStatus
    {
        private readonly Dictionary<string, SessionSnapshot> _sessions = new();
        private readonly Dictionary<string, UniverseHealth> _universes = new();

        public IReadOnlyDictionary<string, SessionSnapshot> Sessions => _sessions;
        public IReadOnlyDictionary<string, UniverseHealth> Universes => _universes;
        public IReadOnlyDictionary<string, BackfillStats> Backfills => new Dictionary<string, BackfillStats>();

        public void Session(string lane, bool ready, long universeFailures = 0)
        {
            _sessions[lane] = new SessionSnapshot(ready ? SessionState.Subscribed : SessionState.Connecting, ready, null, ready ? null : "alpaca_not_subscribed",
                0, 0, 0, new Dictionary<string, IReadOnlyList<string>> { ["trades"] = ["BTC/USD", "ETH/USD"] }, [], new Dictionary<string, string>(),
                new Dictionary<string, NanoTimestamp>(), new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<string, PairIngest>());
            _universes[lane] = new UniverseHealth(10, universeFailures, false, universeFailures > 0 ? "HTTP 503" : null, 2);
        }
    }

    private sealed class FakeLanes(IReadOnlyList<LaneState> states) : ILaneSupervisor
    {
        public IReadOnlyList<LaneState> States => states;
        public Task ReconcileAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    private sealed class FakePlanner(IReadOnlyList<LanePlan> plans) : ILanePlanner
    {
        public Task<IReadOnlyList<LanePlan>> PlanAllAsync() => Task.FromResult(plans);
        public LanePlan Replan(LanePlan plan, IReadOnlyDictionary<string, string> settings) => plan;
    }
}
