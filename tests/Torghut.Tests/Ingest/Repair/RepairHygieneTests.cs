using Alpaca.Simulator;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Ingest.Backfill;
using Torghut.Host.Ingest.Repair;
using Torghut.Tests.Support;
using Torghut.Host.Transport;

namespace Torghut.Tests.Ingest.Repair;

/// <summary>
/// A history page is the venue's word only for what was asked. Against the simulator's page faults, over real
/// sockets: whatever was not asked for is counted and never published, what was asked for is published exactly once,
/// a venue that keeps answering 429 or a malformed page fails the symbol visibly instead of looping or skipping.
/// </summary>
public sealed class RepairHygieneTests
{
    private static readonly TopicMap Topics = new("torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1", "s");
    private static readonly DateTimeOffset SimStart = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static async Task<AlpacaSimulatorServer> SimAsync(string faults) =>
        await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Start = SimStart, Speed = 1, Symbols = ["BTC/USD", "ETH/USD"], FaultPlan = faults });

    private static (HistoryRepairer Repairer, RecordingPublisher Publisher, BackfillStats Stats) Repairer(AlpacaSimulatorServer sim, HttpClient http,
        BackfillOptions? options = null)
    {
        var source = (IMarketHistorySource)AlpacaLane.Plugin("Alpaca.Crypto").CreateBackfill(VenueContext.From(sim.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)))!;
        var publisher = new RecordingPublisher();
        var stats = new BackfillStats();
        options ??= new BackfillOptions { RetryBase = TimeSpan.FromMilliseconds(10), RetryMax = TimeSpan.FromMilliseconds(50) };
        var fetcher = new PageFetcher(http, null, NullLogger.Instance, options, stats);
        return (new HistoryRepairer(source, fetcher, publisher, new EnvelopeWriter("alpaca", Topics, new SequenceClock()), stats, options, NullLogger.Instance),
            publisher, stats);
    }

    private static NanoTimestamp At(int minutes) => NanoTimestamp.FromDateTimeOffset(SimStart.AddMinutes(minutes));

    [Theory]
    [InlineData("rest-foreign-symbol rate=1", "foreign_symbol")]
    [InlineData("rest-out-of-range rate=1", "out_of_range")]
    public async Task Items_not_asked_for_are_counted_and_never_published(string fault, string reason)
    {
        await using var sim = await SimAsync(fault);
        using var http = new HttpClient();
        var (repairer, publisher, stats) = Repairer(sim, http);
        var (published, _) = await repairer.RepairAsync(HistoryKind.Trades, "BTC/USD", At(-30), At(-10), new PublishedEvents(TimeSpan.FromMinutes(5)), CancellationToken.None);

        stats.RejectedByReason.GetValueOrDefault(reason).ShouldBeGreaterThan(0);
        var trades = publisher.Envelopes("trades");
        trades.ShouldAllBe(e => e.GetProperty("symbol").GetString() == "BTC/USD" && e.GetProperty("source").GetString() == "rest");
        var truth = sim.TradesBetween("BTC/USD", At(-30), At(-10).AddNanoseconds(-1)).Select(t => t.Id).Order().ToList();
        trades.Select(e => e.GetProperty("payload").GetProperty("i").GetInt64()).Order().ToList().ShouldBe(truth);
        published.ShouldBe(truth.Count);
    }

    [Fact]
    public async Task Trades_already_in_the_record_are_not_published_again()
    {
        await using var sim = await SimAsync("");
        using var http = new HttpClient();
        var (repairer, publisher, _) = Repairer(sim, http);
        var record = new PublishedEvents(TimeSpan.FromHours(1));
        var truth = sim.TradesBetween("BTC/USD", At(-30), At(-10).AddNanoseconds(-1));
        foreach (var t in truth.Take(truth.Count / 2)) record.TryAdd("BTC/USD", t.Time, EventKey.OfTrade(t.Id, null, t.Time, 0, 0));

        var (published, skipped) = await repairer.RepairAsync(HistoryKind.Trades, "BTC/USD", At(-30), At(-10), record, CancellationToken.None);

        skipped.ShouldBe(truth.Count / 2);
        published.ShouldBe(truth.Count - truth.Count / 2);
        publisher.Envelopes("trades").Select(e => e.GetProperty("payload").GetProperty("i").GetInt64())
            .ShouldBe(truth.Skip(truth.Count / 2).Select(t => t.Id), "published in event-time order, only what was missing");
    }

    [Fact]
    public async Task Bars_of_another_timeframe_are_counted_and_not_published()
    {
        await using var sim = await SimAsync("rest-wrong-timeframe rate=1");
        using var http = new HttpClient();
        var source = AlpacaLane.Plugin("Alpaca.Crypto").CreateBackfill(VenueContext.From(sim.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)))!;
        var publisher = new RecordingPublisher();
        var envelopes = new EnvelopeWriter("alpaca", Topics, new SequenceClock());
        var backfiller = new BarBackfiller(source, null, http, b => envelopes.Bar(b, EnvelopeSource.Rest), publisher, NullLogger.Instance);
        await backfiller.SymbolAsync("BTC/USD", At(-60), At(-10), CancellationToken.None);
        backfiller.Stats.RejectedByReason.GetValueOrDefault("wrong_timeframe").ShouldBeGreaterThan(0);
        publisher.Envelopes("bars").ShouldBeEmpty();
    }

    [Fact]
    public async Task A_venue_that_keeps_answering_429_fails_the_symbol_after_the_bound_instead_of_looping()
    {
        await using var sim = await SimAsync("ratelimit n=1");
        using var http = new HttpClient();
        var options = new BackfillOptions { RetryBase = TimeSpan.FromMilliseconds(10), RetryMax = TimeSpan.FromMilliseconds(20), RateLimitedGiveUp = 4,
            RateLimitedMaxWait = TimeSpan.FromMilliseconds(20), PageSize = 5 };
        var (repairer, publisher, stats) = Repairer(sim, http, options);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Should.ThrowAsync<RateLimitedException>(() =>
            repairer.RepairAsync(HistoryKind.Trades, "BTC/USD", At(-30), At(-10), new PublishedEvents(TimeSpan.FromMinutes(5)), CancellationToken.None));
        stats.RateLimited.ShouldBeGreaterThanOrEqualTo(4);
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_page_malformed_every_time_fails_the_symbol_visibly()
    {
        await using var sim = await SimAsync("rest-malformed rate=1");
        using var http = new HttpClient();
        var (repairer, publisher, stats) = Repairer(sim, http);
        await Should.ThrowAsync<BackfillException>(() =>
            repairer.RepairAsync(HistoryKind.Trades, "BTC/USD", At(-30), At(-10), new PublishedEvents(TimeSpan.FromMinutes(5)), CancellationToken.None));
        stats.MalformedPages.ShouldBeGreaterThan(3);
        publisher.Records.ShouldBeEmpty();
    }
}
