using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Analysis.Microbars;
using Torghut.Host.Configuration;
using Torghut.Host.Transport;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

/// <summary>
/// The failover protocol at engine level, deterministic and exhaustive over crash points: a worker processes a
/// partition in batches, stores each batch's bars and commits what <see cref="ResumeLedger"/> allows; it dies at an
/// arbitrary record (its unfinished batch is lost); a new owner resumes from the committed offset. Whatever the crash
/// points, the stored bars (latest version per key, as ReplacingMergeTree keeps) equal 1 s bars of every trade.
/// The stream has out-of-order trades and late trades that revise bars already written.
/// </summary>
public sealed class ResumeLedgerTests
{
    private static readonly PartitionKey Trades = new("torghut.trades.v1", 0);
    private static readonly string[] Symbols = ["AAA/USD", "BBB/USD", "CCC/USD"];
    private static readonly TaEngineOptions Options = new()
    {
        Microbars = new MicrobarOptions
        {
            OutOfOrderness = TimeSpan.FromSeconds(2), AllowedLateness = TimeSpan.FromSeconds(10),
            IdleTimeout = TimeSpan.FromSeconds(5), FreezeAfter = TimeSpan.FromSeconds(15), ClockTolerance = TimeSpan.FromSeconds(1),
        },
    };

    private sealed record Trade(string Symbol, NanoTimestamp Time, double Price, double Size, long PublishedMs);

    [Fact]
    public void Any_single_crash_point_leaves_exactly_the_bars_of_all_trades()
    {
        var trades = Stream(seed: 7, seconds: 90);
        var truth = Truth(trades);
        var resumedWithContext = 0;
        for (var crash = 1; crash < trades.Count; crash += 23)
        {
            var (store, contexts) = Run(trades, [crash]);
            resumedWithContext += contexts;
            Compare(store, truth, $"crash after record {crash}");
        }
        resumedWithContext.ShouldBeGreaterThan(0, "most crash points lie after a commit: the new owner resumed with a look-back");
    }

    [Fact]
    public void Owners_dying_one_after_another_still_leave_exactly_the_bars_of_all_trades()
    {
        var trades = Stream(seed: 11, seconds: 120);
        var truth = Truth(trades);
        var random = new Random(3);
        for (var round = 0; round < 20; round++)
        {
            var crashes = Enumerable.Range(0, 3).Select(_ => random.Next(1, trades.Count)).Order().ToList();
            var (store, _) = Run(trades, crashes);
            Compare(store, truth, $"crashes after records {string.Join(", ", crashes)}");
        }
    }

    [Fact]
    public void The_committed_offset_trails_the_first_trade_of_every_unfinished_bar_by_the_look_back()
    {
        var trades = Stream(seed: 5, seconds: 60);
        var engine = new TaEngine(Options);
        var ledger = new ResumeLedger(Options.Microbars.ResumeLookBack);
        ledger.Assigned(Trades, null);
        var output = new TaOutput();
        var lookBackMs = (long)Options.Microbars.ResumeLookBack.TotalMilliseconds;
        long? committed = null;
        for (var i = 0; i < trades.Count; i++)
        {
            Feed(engine, ledger, trades[i], i, output);
            if (i % 25 != 24) continue;
            foreach (var c in ledger.Commits(engine.ResumeFloor))
            {
                c.NextOffset.ShouldBeGreaterThan(committed ?? -1, "commits only move forward");
                committed = c.NextOffset;
                // A new owner starting at the commit treats records up to the first one stamped a look-back later as
                // context; every bar not yet emitted must have all its trades from that record on.
                var contextEnd = trades.FindIndex((int)c.NextOffset, t => t.PublishedMs >= trades[(int)c.NextOffset].PublishedMs + lookBackMs);
                contextEnd.ShouldBeInRange((int)c.NextOffset + 1, i);
                var open = trades.Take(i + 1).Select((t, k) => (t, k)).GroupBy(x => (x.t.Symbol, x.t.Time.UnixSeconds))
                    .Where(g => !output.Microbars.Any(b => b.Symbol == g.Key.Symbol && b.Seq == g.Key.UnixSeconds)).ToList();
                open.ShouldNotBeEmpty();
                foreach (var bar in open)
                    bar.Min(x => x.k).ShouldBeGreaterThanOrEqualTo(contextEnd, $"bar {bar.Key} still open at record {i}");
            }
        }
        committed.ShouldNotBeNull();
    }

    [Fact]
    public void A_revoked_partition_s_open_bars_are_dropped_unemitted_and_other_partitions_keep_theirs()
    {
        var engine = new TaEngine(Options);
        var ledger = new ResumeLedger(Options.Microbars.ResumeLookBack);
        var other = new PartitionKey(Trades.Topic, 1);
        var output = new TaOutput();
        var t = TaEnvelopes.Ms(0);
        foreach (var (partition, symbol) in new[] { (Trades, "AAA/USD"), (other, "BBB/USD") })
        {
            var record = new ConsumedRecord(new TransportRecord(partition.Topic, symbol, TaEnvelopes.Trade(symbol, t, 100, 1)),
                partition.Partition, 0, DateTimeOffset.FromUnixTimeMilliseconds(t.UnixMilliseconds));
            engine.OnEnvelope(record.Record.Value.Span, t, output, ledger.Observe(record));
        }
        engine.DropPartition(Trades);
        ledger.Revoked(Trades);
        engine.Advance(t.AddNanoseconds(60_000_000_000), output); // long idle: every open bar still held is flushed
        output.Microbars.Select(b => b.Symbol).ShouldBe(["BBB/USD"], "the revoked partition's open bar is gone, not emitted partially");
        ledger.Owned.ShouldBe([other]);
    }

    [Fact]
    public void A_freeze_shorter_than_the_watermark_s_lateness_is_refused_at_start()
    {
        IConfiguration Config(string freezeMs) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TA_MAX_OUT_OF_ORDER_MS"] = "2000", ["TA_ALLOWED_LATENESS_MS"] = "10000", ["TA_FREEZE_AFTER_MS"] = freezeMs,
        }).Build();
        Should.Throw<ConfigException>(() => TaEngineSettings.From(Config("12000"))).Message.ShouldContain("TA_FREEZE_AFTER_MS");
        var options = TaEngineSettings.From(Config("12001")).Microbars;
        options.ResumeLookBack.ShouldBe(TimeSpan.FromMilliseconds(12001 + 1000 + 3 * 5000));
    }

    /// <summary>
    /// One owner per crash point, then a last owner to the end. Each stores its bars after every batch of 25 records
    /// and commits; a crash loses the bars of the unfinished batch. Returns the store and how many owners resumed
    /// with look-back context.
    /// </summary>
    private static (Dictionary<(string, long), TaMicrobar> Store, int Contexts) Run(List<Trade> trades, IReadOnlyList<int> crashes)
    {
        var store = new Dictionary<(string, long), TaMicrobar>();
        long? committed = null;
        var contexts = 0;
        var next = 0;
        foreach (var stop in crashes.Append(trades.Count))
        {
            var engine = new TaEngine(Options);
            var ledger = new ResumeLedger(Options.Microbars.ResumeLookBack);
            ledger.Assigned(Trades, committed);
            var output = new TaOutput();
            var start = committed is { } c ? (int)c : 0;
            if (stop <= start) continue; // died before reading anything new: nothing changes
            for (var i = start; i < stop; i++)
            {
                Feed(engine, ledger, trades[i], i, output);
                if (i % 25 != 24) continue;
                foreach (var bar in output.Microbars) store[(bar.Symbol, bar.Seq)] = bar;
                output.Clear();
                foreach (var commit in ledger.Commits(engine.ResumeFloor)) committed = commit.NextOffset;
            }
            next = stop;
            if (stop == trades.Count)
            {
                engine.Advance(new NanoTimestamp((trades[^1].PublishedMs + 60_000) * 1_000_000), output);
                foreach (var bar in output.Microbars) store[(bar.Symbol, bar.Seq)] = bar;
            }
            contexts += engine.Counters.ContextRecords > 0 ? 1 : 0;
        }
        next.ShouldBe(trades.Count);
        return (store, contexts);
    }

    private static void Feed(TaEngine engine, ResumeLedger ledger, Trade t, int offset, TaOutput output)
    {
        var record = new ConsumedRecord(new TransportRecord(Trades.Topic, t.Symbol, TaEnvelopes.Trade(t.Symbol, t.Time, t.Price, t.Size)),
            Trades.Partition, offset, DateTimeOffset.FromUnixTimeMilliseconds(t.PublishedMs));
        var now = new NanoTimestamp(t.PublishedMs * 1_000_000);
        engine.OnEnvelope(record.Record.Value.Span, now, output, ledger.Observe(record));
    }

    /// <summary>
    /// Trades of three symbols as ingest would publish them: every 30–70 ms, event times up to 1.5 s out of order, and
    /// 3 % late trades 3–9 s behind (within the allowed lateness, far from the freeze).
    /// </summary>
    private static List<Trade> Stream(int seed, int seconds)
    {
        var random = new Random(seed);
        var trades = new List<Trade>();
        var startMs = TaEnvelopes.T0.UnixMilliseconds;
        for (var wall = startMs; wall < startMs + seconds * 1000L; wall += random.Next(30, 70))
        {
            var behindMs = random.NextDouble() < 0.03 ? random.Next(3000, 9000) : random.Next(0, 1500);
            var eventTime = new NanoTimestamp((wall - behindMs) * 1_000_000 + random.Next(0, 1_000_000));
            trades.Add(new Trade(Symbols[random.Next(Symbols.Length)], eventTime, Math.Round(100 + random.NextDouble() * 5, 2),
                Math.Round(random.NextDouble() * 3, 6), wall + random.Next(0, 20)));
        }
        return trades;
    }

    private static Dictionary<(string, long), TruthBucket> Truth(List<Trade> trades) =>
        trades.GroupBy(t => (t.Symbol, t.Time.UnixSeconds)).ToDictionary(g => g.Key, g =>
        {
            var ordered = g.Select((t, arrival) => (t, arrival)).OrderBy(x => x.t.Time).ThenBy(x => x.arrival).Select(x => x.t).ToList();
            return new TruthBucket(ordered[0].Price, ordered.Max(t => t.Price), ordered.Min(t => t.Price), ordered[^1].Price,
                ordered.Sum(t => t.Size), ordered.Count);
        });

    private static void Compare(Dictionary<(string, long), TaMicrobar> store, Dictionary<(string, long), TruthBucket> truth, string scenario)
    {
        store.Keys.Order().ShouldBe(truth.Keys.Order(), $"{scenario}: stored bars differ from the trades' seconds");
        foreach (var (key, e) in truth)
        {
            var bar = store[key];
            (bar.Open, bar.High, bar.Low, bar.Close, bar.Count).ShouldBe((e.Open, e.High, e.Low, e.Close, e.Count), $"{scenario}: {key}");
            bar.Volume.ShouldBe(e.Volume, 1e-9, $"{scenario}: {key}");
        }
    }
}
