using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Storage.DuckDb;
using Torghut.Tests.Support;
using static Torghut.Tests.Analysis.TaEnvelopes;

namespace Torghut.Tests.Analysis;

/// <summary>
/// A worker that creates a symbol's 1 s signal series mid-stream (takeover, restart) warms it from the stored
/// microbars and continues the series the previous owner computed, instead of restarting every indicator.
/// </summary>
public sealed class TaWarmupTests : IDisposable
{
    private const string Symbol = "BTC/USD";
    private const long Second = 1_000_000_000L;
    /// <summary>23:30 UTC: the 3000 s stream crosses midnight at second 1800, where BTC/USD's session VWAP resets.</summary>
    private static readonly NanoTimestamp Start = NanoTimestamp.Parse("2026-02-22T23:30:00Z");
    private static readonly NanoTimestamp Midnight = NanoTimestamp.Parse("2026-02-23T00:00:00Z");

    private readonly TempDir _dir = new("torghut-warmup");
    private readonly List<(NanoTimestamp T, double Price, double Size)> _trades = RandomTrades(new Random(20260222), seconds: 3000);

    /// <summary>A random walk with fractional sizes; about one second in seven has no trade (no bar).</summary>
    private static List<(NanoTimestamp, double, double)> RandomTrades(Random random, int seconds)
    {
        var trades = new List<(NanoTimestamp, double, double)>();
        var price = 64_000.0;
        for (var s = 0; s < seconds; s++)
        {
            if (random.NextDouble() < 0.15) continue;
            var offsets = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.NextInt64(Second)).Order();
            foreach (var offset in offsets)
            {
                price += (random.NextDouble() - 0.5) * 20;
                trades.Add((Start.AddNanoseconds(s * Second + offset), Math.Round(price, 2), Math.Round(random.NextDouble() * 0.8 + 0.0001, 6)));
            }
        }
        return trades;
    }

    /// <summary>Feeds the trades (each processed at its own time) and flushes the last bar; returns what came out.</summary>
    private static TaOutput Run(TaEngine engine, IEnumerable<(NanoTimestamp T, double Price, double Size)> trades)
    {
        var output = new TaOutput();
        var last = Start;
        foreach (var (t, p, s) in trades)
        {
            engine.OnEnvelope(Trade(Symbol, t, p, s), t, output);
            last = t;
        }
        engine.Advance(last.AddNanoseconds(60 * Second), output);
        return output;
    }

    /// <summary>The engine fed everything: the previous owner that never handed anything over.</summary>
    private TaOutput Everything() => Run(new TaEngine(), _trades);

    /// <summary>A store holding every bar the previous owner wrote, including those after the hand-over point.</summary>
    private async Task<ITaStore> StoreWithAsync(IReadOnlyList<TaMicrobar> bars)
    {
        var store = new DuckDbTaStore(Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")));
        await store.EnsureSchemaAsync();
        await store.WriteAsync(bars, []);
        return store;
    }

    /// <summary>The trades of the seconds from <paramref name="fromSecond"/> on: all a new owner computes bars from.</summary>
    private IEnumerable<(NanoTimestamp, double, double)> From(long fromSecond) => _trades.Where(t => t.T.UnixSeconds >= fromSecond);

    /// <summary>Window start (epoch s) of the first bar at or after <paramref name="offsetSeconds"/> into the stream.</summary>
    private static long FirstBarAtOrAfter(TaOutput all, int offsetSeconds) =>
        all.Microbars.Select(b => b.Seq).Where(s => s >= Start.UnixSeconds + offsetSeconds).Min();

    [Fact]
    public async Task A_series_warmed_with_its_whole_history_continues_exactly_as_the_previous_owner_s()
    {
        var all = Everything();
        var split = FirstBarAtOrAfter(all, 1500);
        all.Microbars.Count(b => b.Seq < split).ShouldBeLessThan(1500); // the whole history fits the window below
        await using var store = await StoreWithAsync(all.Microbars);

        var engine = new TaEngine(new TaEngineOptions { WarmupBars = 1500 }, new StoreMicrobarHistory(store, Quiet, CancellationToken.None));
        var resumed = Run(engine, From(split));

        var expected = all.Signals.Where(s => s.Seq >= split).ToList();
        resumed.Signals.Count.ShouldBe(expected.Count);
        resumed.Signals.ShouldBe(expected); // every field, bit for bit
        (engine.Counters.Warmups, engine.Counters.WarmupBars, engine.Counters.WarmupFailures)
            .ShouldBe((1L, all.Microbars.Count(b => b.Seq < split), 0L));
        engine.Counters.Signals1s.ShouldBe(expected.Count); // the replayed bars emitted nothing

        // Without the warm-up the same bars give other values: RSI/Bollinger start null, EMA restarts at the first close.
        var cold = Run(new TaEngine(), From(split));
        cold.Signals[0].Rsi14.ShouldBeNull();
        expected[0].Rsi14.ShouldNotBeNull();
        cold.Signals[0].Ema.ShouldNotBe(expected[0].Ema);
    }

    [Fact]
    public async Task Beyond_the_window_a_warmed_series_matches_within_tolerance_including_the_session_vwap_from_midnight()
    {
        var all = Everything();
        var split = FirstBarAtOrAfter(all, 2700);
        var before = all.Microbars.Where(b => b.Seq < split).ToList();
        before.Count.ShouldBeGreaterThan(600);
        // The premise: the 600-bar window starts after midnight, so the session's older bars come from the sums query.
        before[^600].EventTs.ShouldBeGreaterThan(Midnight.AddNanoseconds(60 * Second));
        await using var store = await StoreWithAsync(all.Microbars);

        var engine = new TaEngine(new TaEngineOptions { WarmupBars = 600 }, new StoreMicrobarHistory(store, Quiet, CancellationToken.None));
        var resumed = Run(engine, From(split));

        var expected = all.Signals.Where(s => s.Seq >= split).ToList();
        resumed.Signals.Count.ShouldBe(expected.Count);
        for (var i = 0; i < expected.Count; i++) SignalComparison.ShouldMatch(resumed.Signals[i], expected[i], 1e-9);
        (engine.Counters.Warmups, engine.Counters.WarmupBars).ShouldBe((1L, 600L));
    }

    /// <summary>Twenty symbols trading every second from <see cref="Start"/>; each second processed at its own time.</summary>
    private static TaOutput RunMany(TaEngine engine, int fromSecond, int toSecond)
    {
        var output = new TaOutput();
        for (var s = fromSecond; s < toSecond; s++)
            for (var i = 0; i < 20; i++)
            {
                var t = Start.AddNanoseconds(s * Second + i * 1_000_000L);
                engine.OnEnvelope(Trade($"S{i:00}", t, 100 + i + Math.Sin(s * 0.1 + i), 0.25 + i * 0.01), t, output);
            }
        engine.Advance(Start.AddNanoseconds((toSecond + 60) * Second), output);
        return output;
    }

    [Fact]
    public async Task A_takeover_reads_the_warm_ups_of_all_its_symbols_at_once_with_overlapping_store_reads()
    {
        var all = RunMany(new TaEngine(), 0, 300);
        await using var store = new OverlapProbeStore(await StoreWithAsync(all.Microbars), StoreMicrobarHistory.Parallelism);
        var history = new RecordingHistory(new StoreMicrobarHistory(store, Quiet, CancellationToken.None));
        var engine = new TaEngine(new TaEngineOptions { WarmupBars = 600 }, history);

        var resumed = RunMany(engine, 200, 300);

        history.Batches.ShouldBe([20]); // the first bars of all twenty symbols came in one step: one request for all
        store.MaxInFlight.ShouldBe(StoreMicrobarHistory.Parallelism, "reads overlap, up to the parallelism");
        (engine.Counters.Warmups, engine.Counters.WarmupFailures).ShouldBe((20L, 0L));
        // Every symbol's whole history fits the window: each continues exactly as the previous owner's series.
        var firstResumed = resumed.Signals.Min(x => x.Seq);
        resumed.Signals.ShouldBe(all.Signals.Where(x => x.Seq >= firstResumed).ToList(), ignoreOrder: true);
    }

    [Fact]
    public void Bars_emitted_before_their_partition_is_given_up_still_get_signals_and_leave_no_series_behind()
    {
        var partition = new PartitionKey("torghut.trades.v1", 3);
        var history = new RecordingHistory(new EmptyHistory());
        var engine = new TaEngine(new TaEngineOptions(), history);
        var output = new TaOutput();
        for (var s = 0; s < 10; s++)
        {
            var t = Start.AddNanoseconds(s * Second);
            engine.OnEnvelope(Trade(Symbol, t, 100 + s, 1), t, output, new RecordPosition(partition, s, t.UnixNanoseconds));
        }
        var held = output.Microbars.Count;
        held.ShouldBeGreaterThan(0, "bars closed by the watermark");
        output.Signals.ShouldBeEmpty("their series is created, warmed, at the end of the step");

        engine.DropPartition(partition);
        engine.Advance(Start.AddNanoseconds(10 * Second), output);
        output.Signals.Count.ShouldBe(held, "the emitted bars keep their signals, as before the hold");
        history.Batches.ShouldBe([1]);

        // The partition comes back: the symbol's series is new (warmed again), not the dropped one continuing.
        var later = Start.AddNanoseconds(100 * Second);
        engine.OnEnvelope(Trade(Symbol, later, 200, 1), later, output, new RecordPosition(partition, 100, later.UnixNanoseconds));
        engine.Advance(later.AddNanoseconds(60 * Second), output);
        history.Batches.ShouldBe([1, 1]);
        output.Signals[^1].Ema!.Ema12.ShouldBe(200, "a cold series (the history is empty) starts at its first close");
    }

    [Fact]
    public void An_unreadable_history_is_counted_and_the_series_starts_cold()
    {
        var trades = _trades.Take(200).ToList();
        var engine = new TaEngine(new TaEngineOptions(), new FailingHistory());
        var output = Run(engine, trades);

        output.Signals.ShouldBe(Run(new TaEngine(), trades).Signals); // exactly what a cold series emits
        output.Signals.Count.ShouldBeGreaterThan(50);
        (engine.Counters.WarmupFailures, engine.Counters.Warmups).ShouldBe((1L, 0L));
    }

    [Fact]
    public async Task An_unreachable_store_is_logged_without_secrets_and_not_asked_again_for_a_while()
    {
        const string password = "Sup3r-s3cret-pw!";
        var options = new ClickHouseOptions
        {
            Url = new Uri($"http://127.0.0.1:{HostProcess.FreePort()}/"), User = "torghut", Password = password,
            InitAttempts = 1, InitRetryDelay = TimeSpan.Zero,
        };
        var transport = new CountingTransport(new ClickHouseHttp(options));
        await using var store = new ClickHouseTaStore(options, transport);
        var log = new ListLogger();
        var history = new StoreMicrobarHistory(store, log, CancellationToken.None);
        var engine = new TaEngine(new TaEngineOptions(), history);

        var output = Run(engine, _trades.Where(t => t.T.UnixSeconds < Start.UnixSeconds + 40));
        output.Signals.ShouldNotBeEmpty(); // the pipeline carried on
        engine.Counters.WarmupFailures.ShouldBe(1L);
        transport.Calls.ShouldBe(1); // one attempt

        // Another symbol right after: the store is not asked again during the pause, the series starts cold.
        var more = new TaOutput();
        engine.OnEnvelope(Trade("ETH/USD", Start, 2000, 1), Start, more);
        engine.Advance(Start.AddNanoseconds(60 * Second), more);
        more.Signals.ShouldHaveSingleItem().Ema!.Ema12.ShouldBe(2000);
        (engine.Counters.WarmupFailures, transport.Calls).ShouldBe((2L, 1));

        var warning = log.Lines.ShouldHaveSingleItem();
        warning.ShouldContain(Symbol);
        warning.ShouldContain("127.0.0.1");
        warning.ShouldNotContain(password);
    }

    [Fact]
    public void Session_starts_are_utc_midnight_for_crypto_and_new_york_midnight_for_equities_across_dst()
    {
        var crypto = Torghut.Host.Analysis.Signals.NewYorkTradingDaySession.ForSymbol("BTC/USD");
        var equity = Torghut.Host.Analysis.Signals.NewYorkTradingDaySession.ForSymbol("NVDA");
        crypto.SessionStart(NanoTimestamp.Parse("2026-02-23T17:45:01.5Z")).ShouldBe(NanoTimestamp.Parse("2026-02-23T00:00:00Z"));
        equity.SessionStart(NanoTimestamp.Parse("2026-02-23T17:45:01Z")).ShouldBe(NanoTimestamp.Parse("2026-02-23T05:00:00Z"));  // EST
        equity.SessionStart(NanoTimestamp.Parse("2026-02-23T03:00:00Z")).ShouldBe(NanoTimestamp.Parse("2026-02-22T05:00:00Z"));  // 22:00 NY the day before
        equity.SessionStart(NanoTimestamp.Parse("2026-07-23T12:00:00Z")).ShouldBe(NanoTimestamp.Parse("2026-07-23T04:00:00Z"));  // EDT
        equity.SessionStart(NanoTimestamp.Parse("2026-03-08T12:00:00Z")).ShouldBe(NanoTimestamp.Parse("2026-03-08T05:00:00Z"));  // DST starts at 02:00 that day
        equity.SessionStart(NanoTimestamp.Parse("2026-11-01T12:00:00Z")).ShouldBe(NanoTimestamp.Parse("2026-11-01T04:00:00Z"));  // DST ends at 02:00 that day
        foreach (var t in new[] { "2026-03-08T12:00:00Z", "2026-11-01T12:00:00Z", "2026-07-23T12:00:00Z" }.Select(NanoTimestamp.Parse))
        {
            var start = equity.SessionStart(t);
            equity.SessionKey(start).ShouldBe(equity.SessionKey(t));
            equity.SessionKey(start.AddNanoseconds(-1)).ShouldBe(equity.SessionKey(t) - 1);
        }
    }

    [Fact]
    public void Warmup_bars_come_from_TA_WARMUP_BARS_where_zero_disables_and_a_huge_window_is_refused()
    {
        static TaEngineOptions From(string? value) => TaEngineSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TA_WARMUP_BARS"] = value }).Build());
        From(null).WarmupBars.ShouldBe(600);
        From("0").WarmupBars.ShouldBe(0);
        From("1200").WarmupBars.ShouldBe(1200);
        Should.Throw<Torghut.Host.Configuration.ConfigException>(() => From("1000000")).Message.ShouldContain("TA_WARMUP_BARS");
        Should.Throw<Torghut.Host.Configuration.ConfigException>(() => From("-1")).Message.ShouldContain("TA_WARMUP_BARS");

        // 0: the engine never asks for a history.
        var engine = new TaEngine(new TaEngineOptions { WarmupBars = 0 }, new FailingHistory());
        Run(engine, _trades.Take(20)).Signals.ShouldNotBeEmpty();
        (engine.Counters.Warmups, engine.Counters.WarmupFailures).ShouldBe((0L, 0L));
    }

    private static readonly ILogger Quiet = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose() => _dir.Dispose();

    private sealed class FailingHistory : IMicrobarHistory
    {
        public MicrobarWarmup Before(string symbol, NanoTimestamp before, NanoTimestamp sessionStart, int maxBars) =>
            throw new StorageException("store unreachable");
    }

    private sealed class EmptyHistory : IMicrobarHistory
    {
        public MicrobarWarmup Before(string symbol, NanoTimestamp before, NanoTimestamp sessionStart, int maxBars) => MicrobarWarmup.Empty;
    }

    /// <summary>Records how many requests each <see cref="IMicrobarHistory.BeforeAll"/> carried, then asks <paramref name="inner"/>.</summary>
    private sealed class RecordingHistory(IMicrobarHistory inner) : IMicrobarHistory
    {
        public List<int> Batches { get; } = [];
        public MicrobarWarmup Before(string symbol, NanoTimestamp before, NanoTimestamp sessionStart, int maxBars) =>
            throw new InvalidOperationException("the engine asks through BeforeAll");
        public IReadOnlyList<WarmupResult> BeforeAll(IReadOnlyList<WarmupRequest> requests)
        {
            Batches.Add(requests.Count);
            return inner.BeforeAll(requests);
        }
    }

    /// <summary>
    /// A store whose warm-up reads wait until <paramref name="gate"/> of them are in flight (or 10 s pass), and which
    /// records the most in flight at once: reads one after the other would never open the gate.
    /// </summary>
    private sealed class OverlapProbeStore(ITaStore inner, int gate) : ITaStore
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight, _maxInFlight;
        public int MaxInFlight => Volatile.Read(ref _maxInFlight);

        public async Task<IReadOnlyList<TaMicrobar>> MicrobarsBeforeAsync(string symbol, NanoTimestamp from, NanoTimestamp before, int limit, CancellationToken cancellationToken = default)
        {
            var now = Interlocked.Increment(ref _inFlight);
            for (var max = Volatile.Read(ref _maxInFlight); now > max && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max; max = Volatile.Read(ref _maxInFlight)) { }
            if (now >= gate) _open.TrySetResult();
            try
            {
                await Task.WhenAny(_open.Task, Task.Delay(TimeSpan.FromSeconds(10), cancellationToken));
                return await inner.MicrobarsBeforeAsync(symbol, from, before, limit, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => inner.EnsureSchemaAsync(cancellationToken);
        public Task WriteAsync(IReadOnlyList<TaMicrobar> microbars, IReadOnlyList<TaSignal> signals, CancellationToken cancellationToken = default) => inner.WriteAsync(microbars, signals, cancellationToken);
        public Task<StoreFreshness> FreshnessAsync(string? symbol = null, CancellationToken cancellationToken = default) => inner.FreshnessAsync(symbol, cancellationToken);
        public Task<IReadOnlyDictionary<string, StoreFreshness>> RecentFreshnessAsync(IReadOnlyCollection<string> symbols, NanoTimestamp since, CancellationToken cancellationToken = default) => inner.RecentFreshnessAsync(symbols, since, cancellationToken);
        public Task<IReadOnlyDictionary<string, (long Microbars, long Signals)>> RowCountsAsync(NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default) => inner.RowCountsAsync(from, to, cancellationToken);
        public Task<IReadOnlyList<TaMicrobar>> MicrobarsAsync(string symbol, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default) => inner.MicrobarsAsync(symbol, from, to, cancellationToken);
        public Task<IReadOnlyList<TaSignal>> SignalsAsync(string symbol, Cadence cadence, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default) => inner.SignalsAsync(symbol, cadence, from, to, cancellationToken);
        public Task<MicrobarSums> MicrobarSumsAsync(string symbol, NanoTimestamp from, NanoTimestamp toExclusive, CancellationToken cancellationToken = default) => inner.MicrobarSumsAsync(symbol, from, toExclusive, cancellationToken);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class CountingTransport(IClickHouseTransport inner) : IClickHouseTransport
    {
        public int Calls;
        public Task<string> QueryAsync(string sql, CancellationToken cancellationToken) { Interlocked.Increment(ref Calls); return inner.QueryAsync(sql, cancellationToken); }
        public Task InsertAsync(string insertSql, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken) { Interlocked.Increment(ref Calls); return inner.InsertAsync(insertSql, rows, cancellationToken); }
        public void Dispose() => inner.Dispose();
    }
}
