using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Configuration;
using Torghut.Host.Transport;
using static Torghut.Tests.Analysis.TaEnvelopes;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

/// <summary>
/// The 1 m warm-up at engine level: the bars topic's resume look-back is the warm-up window W, so its commits trail
/// the newest record by W and a new owner feeds the first W of bars after the committed offset silently into the 1 m
/// series. A worker dies at arbitrary records (its unfinished batch is lost); the stored 1 m signals (latest version
/// per key) must equal those of one engine that read every bar. The stream has updatedBars revisions and REST
/// backfill of missed minutes (inserted bars), and a symbol that starts trading mid-stream.
/// </summary>
public sealed class Bars1mResumeLedgerTests
{
    private static readonly PartitionKey Bars = new("torghut.bars.1m.v1", 0);
    private static readonly PartitionKey Trades = new("torghut.trades.v1", 0);
    private static readonly TimeSpan LookBack = new TaEngineOptions().Microbars.ResumeLookBack;
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    /// <summary>06:00 UTC: the session VWAP of these crypto symbols resets at hour 18 of the stream.</summary>
    private static readonly NanoTimestamp Start = NanoTimestamp.Parse("2026-02-20T06:00:00Z");
    private const string Late = "NEW/USD";
    private const int LateStartMinute = 8 * 60;
    private const int BatchRecords = 50;

    private sealed record BarRecord(string Symbol, byte[] Value, long PublishedMs);

    [Fact]
    public void Bars_partitions_commit_a_warm_up_window_behind_the_newest_record_and_other_topics_a_look_back()
    {
        var ledger = new ResumeLedger(LookBack, new Dictionary<string, TimeSpan> { [Bars.Topic] = Day, [Trades.Topic] = TimeSpan.FromSeconds(1) });
        (ledger.LookBack(Bars.Topic), ledger.LookBack(Trades.Topic), ledger.LookBack("torghut.quotes.v1")).ShouldBe((Day, LookBack, LookBack));
        ledger.Assigned(Bars, null);
        ledger.Assigned(Trades, null);
        var t0 = Start.UnixMilliseconds;
        var committed = new Dictionary<PartitionKey, long>();
        // A record a minute on each partition for two days; commit after each.
        for (var m = 0; m < 2 * 1440; m++)
        {
            var ms = t0 + m * 60_000L;
            foreach (var p in new[] { Bars, Trades }) ledger.Observe(Consumed(p, "X/USD", [], m, ms));
            foreach (var c in ledger.Commits((_, _) => null)) committed[new PartitionKey(c.Topic, c.Partition)] = c.NextOffset;
            // The committed record is the newest one stamped at least the look-back before the newest record (the
            // log keeps one entry per 8.64 s of a day-long window: every record here).
            committed.GetValueOrDefault(Bars, -1).ShouldBe(m >= 1440 ? m - 1440 : -1, $"bars commit at minute {m}");
            committed.GetValueOrDefault(Trades, -1).ShouldBe(m - 1, $"trades commit at minute {m}");
        }
    }

    [Fact]
    public void A_resumed_bars_partition_is_context_for_the_warm_up_window_and_a_trades_partition_for_the_look_back()
    {
        var ledger = new ResumeLedger(LookBack, new Dictionary<string, TimeSpan> { [Bars.Topic] = Day });
        ledger.Assigned(Bars, 100);
        ledger.Assigned(Trades, 100);
        var t0 = Start.UnixMilliseconds;
        var barsContext = new List<bool>();
        var tradesContext = new List<bool>();
        for (var i = 0; i < 3000; i++) // a record a minute from the committed offset on
        {
            barsContext.Add(ledger.Observe(Consumed(Bars, "X/USD", [], 100 + i, t0 + i * 60_000L)).Context);
            tradesContext.Add(ledger.Observe(Consumed(Trades, "X/USD", [], 100 + i, t0 + i * 1_000L)).Context);
        }
        barsContext.TakeWhile(c => c).Count().ShouldBe(1440, "a day of bars records is context");
        barsContext.Skip(1440).ShouldAllBe(c => !c);
        tradesContext.TakeWhile(c => c).Count().ShouldBe((int)Math.Ceiling(LookBack.TotalSeconds), "the trades look-back is unchanged");
        tradesContext.Skip((int)Math.Ceiling(LookBack.TotalSeconds)).ShouldAllBe(c => !c);

        // A partition read from auto.offset.reset (no commit) has no context, whatever its look-back.
        var fresh = new ResumeLedger(LookBack, new Dictionary<string, TimeSpan> { [Bars.Topic] = Day });
        fresh.Assigned(Bars, null);
        fresh.Observe(Consumed(Bars, "X/USD", [], 0, t0)).Context.ShouldBeFalse();
    }

    [Fact]
    public void After_any_takeover_the_stored_1m_signals_equal_one_uninterrupted_series_s()
    {
        var records = Stream(new Random(1440), hours: 36);
        var truth = Store(Uninterrupted(records));
        var lateFirst = records.FindIndex(r => r.Symbol == Late);
        var warmupBars = 0L;
        var exactLate = 0;
        // Crash points from hour 20 to 36: before hour 24 no bars record is a day old yet (no commit: the new owner
        // re-reads from the start); after it the new owner resumes a day behind with context.
        var random = new Random(7);
        var crashPoints = Enumerable.Range(0, 12)
            .Select(i => records.FindIndex(r => r.PublishedMs >= Start.UnixMilliseconds + (20 * 60 + i * 80) * 60_000L) + random.Next(0, 40)).ToList();
        foreach (var crash in crashPoints)
        {
            var (stored, owners) = Run(records, [crash], Day);
            var scenario = $"crash after record {crash} (minute ~{(records[crash].PublishedMs - Start.UnixMilliseconds) / 60_000})";
            stored.Keys.Order().ShouldBe(truth.Keys.Order(), $"{scenario}: one 1 m signal per bar");
            foreach (var (key, expected) in truth)
            {
                // A symbol whose whole history lies after the committed offset is warmed with all of it: exact.
                // Older symbols lost their bars before it, which the day-long window makes irrelevant (EMA26 and RSI14
                // forget their start to ~1e-48; the windows and the session since midnight are inside the day).
                if (key.Symbol == Late && owners[^1].ResumedAt is { } b && b <= lateFirst) stored[key].ShouldBe(expected, $"{scenario}: {key}");
                else SignalComparison.ShouldMatch(stored[key], expected, 1e-9);
            }
            var resumed = owners[^1];
            if (resumed.ResumedAt is not null)
            {
                resumed.Counters.Bars1mWarmup.ShouldBeGreaterThan(0, scenario);
                resumed.Counters.Signals1m.ShouldBeLessThan(resumed.Counters.Bars1m, $"{scenario}: warm-up bars emit nothing");
                if (resumed.ResumedAt <= lateFirst) exactLate++;
            }
            warmupBars += resumed.Counters.Bars1mWarmup;
        }
        warmupBars.ShouldBeGreaterThan(0, "most crash points lie a day into the stream: the new owner resumed from a commit with context");
        exactLate.ShouldBeGreaterThan(0, "some takeover resumed before the late symbol's first bar");

        // Several owners one after another.
        var (chained, chain) = Run(records, crashPoints.Where((_, i) => i % 3 == 0).ToList(), Day);
        chain.Count(o => o.ResumedAt is not null).ShouldBeGreaterThan(1);
        foreach (var (key, expected) in truth) SignalComparison.ShouldMatch(chained[key], expected, 1e-9);
    }

    [Fact]
    public void Without_the_warm_up_a_takeover_restarts_the_1m_indicators()
    {
        var records = Stream(new Random(1440), hours: 36);
        var truth = Store(Uninterrupted(records));
        var crash = records.FindIndex(r => r.PublishedMs >= Start.UnixMilliseconds + 30 * 3_600_000L);
        var (stored, owners) = Run(records, [crash], TimeSpan.Zero);
        owners[^1].ResumedAt.ShouldNotBeNull();
        owners[^1].Counters.Bars1mWarmup.ShouldBeLessThanOrEqualTo(3, "only the trades' 46 s look-back is context");
        // The first 1 m signal the new owner computed has no RSI (fewer than 14 changes) where the truth has one.
        var differs = truth.Where(kv => !Same(stored[kv.Key], kv.Value)).ToList();
        differs.ShouldNotBeEmpty();
        differs.ShouldContain(kv => stored[kv.Key].Rsi14 == null && kv.Value.Rsi14 != null);
    }

    [Fact]
    public void The_warm_up_window_comes_from_TA_WARMUP_1M_MINUTES_where_zero_disables_and_more_than_30_days_is_refused()
    {
        static TaEngineOptions From(string? value) => TaEngineSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TA_WARMUP_1M_MINUTES"] = value }).Build());
        From(null).Warmup1m.ShouldBe(Day);
        From("0").Warmup1m.ShouldBe(TimeSpan.Zero);
        From("4320").Warmup1m.ShouldBe(TimeSpan.FromDays(3));
        Should.Throw<ConfigException>(() => From("43201")).Message.ShouldContain("TA_WARMUP_1M_MINUTES");
        Should.Throw<ConfigException>(() => From("-5")).Message.ShouldContain("TA_WARMUP_1M_MINUTES");
        // 0 leaves the bars topic with the trades' look-back.
        new ResumeLedger(LookBack, new Dictionary<string, TimeSpan> { [Bars.Topic] = From("0").Warmup1m }).LookBack(Bars.Topic).ShouldBe(LookBack);
    }

    private static bool Same(TaSignal a, TaSignal b)
    {
        try { SignalComparison.ShouldMatch(a, b, 1e-9); return true; }
        catch (ShouldAssertException) { return false; }
    }

    private sealed record Owner(long? ResumedAt, TaCounters Counters);

    /// <summary>
    /// One owner per crash point, then a last one to the end. Each stores its signals after every batch and commits
    /// what the ledger allows (bars look-back <paramref name="warmup"/>); a crash loses the unfinished batch.
    /// </summary>
    private static (Dictionary<(string Symbol, long Seq), TaSignal> Store, List<Owner> Owners) Run(List<BarRecord> records, IReadOnlyList<int> crashes, TimeSpan warmup)
    {
        var store = new Dictionary<(string, long), TaSignal>();
        var owners = new List<Owner>();
        long? committed = null;
        foreach (var stop in crashes.Append(records.Count))
        {
            var start = committed is { } c ? (int)c : 0;
            if (stop <= start) continue;
            var engine = new TaEngine(new TaEngineOptions { Warmup1m = warmup });
            var ledger = new ResumeLedger(LookBack, new Dictionary<string, TimeSpan> { [Bars.Topic] = warmup });
            ledger.Assigned(Bars, committed);
            owners.Add(new Owner(committed, engine.Counters));
            var output = new TaOutput();
            for (var i = start; i < stop; i++)
            {
                var r = records[i];
                engine.OnEnvelope(r.Value, Now(r), output, ledger.Observe(Consumed(Bars, r.Symbol, r.Value, i, r.PublishedMs)));
                if (i % BatchRecords != BatchRecords - 1 && i != records.Count - 1) continue;
                foreach (var s in output.Signals) store[(s.Symbol, s.Seq)] = s;
                output.Clear();
                foreach (var commit in ledger.Commits(engine.ResumeFloor)) committed = commit.NextOffset;
            }
        }
        return (store, owners);
    }

    private static List<TaSignal> Uninterrupted(List<BarRecord> records)
    {
        var engine = new TaEngine();
        var output = new TaOutput();
        foreach (var r in records) engine.OnEnvelope(r.Value, Now(r), output);
        return output.Signals;
    }

    /// <summary>The latest version per key, as ReplacingMergeTree keeps it.</summary>
    private static Dictionary<(string Symbol, long Seq), TaSignal> Store(List<TaSignal> signals)
    {
        var store = new Dictionary<(string, long), TaSignal>();
        foreach (var s in signals) store[(s.Symbol, s.Seq)] = s;
        return store;
    }

    private static NanoTimestamp Now(BarRecord r) => new(r.PublishedMs * 1_000_000);

    private static ConsumedRecord Consumed(PartitionKey p, string symbol, byte[] value, long offset, long publishedMs) =>
        new(new TransportRecord(p.Topic, symbol, value), p.Partition, offset, DateTimeOffset.FromUnixTimeMilliseconds(publishedMs));

    /// <summary>
    /// The bars partition as ingest fills it: each minute, every trading symbol's bar of the minute before, published
    /// 0–3 s after the minute; 10 % of bars revised by an updatedBar 20–40 s later; 2 % missed by the stream and
    /// published by the REST backfill 3–12 minutes later (inserted before newer bars). Records in publish order.
    /// </summary>
    private static List<BarRecord> Stream(Random random, int hours)
    {
        var symbols = new[] { "AAA/USD", "BBB/USD", Late };
        var price = symbols.ToDictionary(s => s, _ => 100.0);
        var records = new List<BarRecord>();
        var t0 = Start.UnixMilliseconds;
        for (var m = 1; m <= hours * 60; m++)
        {
            var barStart = Start.AddNanoseconds((m - 1) * 60_000_000_000L);
            var published = t0 + m * 60_000L;
            foreach (var symbol in symbols)
            {
                if (symbol == Late && m < LateStartMinute) continue;
                price[symbol] = Math.Round(price[symbol] * (1 + (random.NextDouble() - 0.5) * 0.004), 4);
                var close = price[symbol];
                var volume = Math.Round(random.NextDouble() * 50 + 0.001, 6);
                if (random.NextDouble() < 0.02)
                {
                    records.Add(new BarRecord(symbol, Bar(symbol, barStart, close, close, close, close, volume, source: "rest"),
                        published + random.Next(3, 13) * 60_000L + random.Next(3000, 6000)));
                    continue;
                }
                records.Add(new BarRecord(symbol, Bar(symbol, barStart, close, close, close, close, volume), published + random.Next(0, 3000)));
                if (random.NextDouble() < 0.1)
                {
                    var revised = Math.Round(close * (1 + (random.NextDouble() - 0.5) * 0.001), 4);
                    records.Add(new BarRecord(symbol, Bar(symbol, barStart, close, close, revised, revised, volume + 1.5, channel: "updatedBars"),
                        published + random.Next(20_000, 40_000)));
                }
            }
        }
        return records.OrderBy(r => r.PublishedMs).ToList();
    }
}
