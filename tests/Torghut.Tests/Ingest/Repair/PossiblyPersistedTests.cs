using System.Text.Json;
using Alpaca.Simulator;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Ingest.Repair;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;
using Torghut.Host.Transport.InProcess;
using Torghut.Tests.Support;

namespace Torghut.Tests.Ingest.Repair;

/// <summary>
/// A producer that gives a record up does not prove the broker never stored it: a request that timed out in flight
/// may have been written (librdkafka's "possibly persisted"). The repair must publish what is truly missing and
/// nothing the topic already holds. Ground truth: the simulator's record of every trade it published.
/// </summary>
public sealed class PossiblyPersistedTests
{
    private static readonly TopicMap Topics = new("torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1", "s");
    private static readonly DateTimeOffset SimStart = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private const string Symbol = "BTC/USD";

    [Fact]
    public async Task Records_given_up_but_stored_by_the_broker_are_not_published_again()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Start = SimStart, Speed = 1, Symbols = [Symbol] });
        using var http = new HttpClient();
        var transport = new InProcessTransport();
        await using var publisher = transport.CreatePublisher();
        var envelopes = new EnvelopeWriter("alpaca", Topics, new SequenceClock());
        var stats = new RepairStats();
        var repair = new LaneRepair(Plan(sim), new VenueCredentials("k", "s"), publisher, transport.Reader, Topics, envelopes,
            new RepairOptions { Bars = false, RetryInterval = TimeSpan.FromMilliseconds(200) }, http, stats, NullLogger.Instance, () => [Symbol]);

        var truth = sim.TradesBetween(Symbol, SimStart.AddMinutes(-30), SimStart.AddMinutes(-10));
        truth.Count.ShouldBeGreaterThan(50);
        var producedAfter = DateTimeOffset.UtcNow.AddSeconds(-1);
        var failures = new List<DeliveryFailure>();
        for (var i = 0; i < truth.Count; i++)
        {
            var t = truth[i];
            var record = envelopes.Trade(new Trade(Symbol, (double)t.Price, (double)t.Size, t.Time, t.Id, TakerSide: t.TakerSide));
            repair.Trades!.TryAdd(Symbol, t.Time, EventKey.OfTrade(t.Id, null, t.Time, 0, 0)); // as the live path records it
            // Every 3rd: the producer gave up, yet the broker wrote it. Every 7th: given up and truly lost.
            if (i % 7 != 0) await publisher.PublishAsync(record);
            if (i % 3 == 0 || i % 7 == 0) failures.Add(new DeliveryFailure(record, producedAfter));
        }
        foreach (var f in failures) repair.OnDeliveryFailed(f);

        using var stop = new CancellationTokenSource();
        var running = repair.RunAsync(stop.Token);
        await Eventually.HoldsAsync(() => Task.FromResult(stats.Symbol(Symbol) is { HolesOpen: 0, HolesRepaired: > 0 }), "the hole repaired",
            TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running;

        var held = (await transport.Reader.ReadSinceAsync(Topics.Trades, [Symbol], DateTimeOffset.MinValue))
            .Select(r => JsonDocument.Parse(r.Value).RootElement.GetProperty("payload").GetProperty("i").GetInt64()).ToList();
        held.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("trades published twice");
        held.Order().ShouldBe(truth.Select(t => t.Id).Order(), "every venue trade held exactly once");
        stats.Symbol(Symbol).Items.GetValueOrDefault("trades").ShouldBe(truth.Where((_, i) => i % 7 == 0).Count(), "only the lost ones repaired");
    }

    private static LanePlan Plan(AlpacaSimulatorServer sim) => new()
    {
        Name = "crypto", Market = Market.Crypto, Flag = "f", Enabled = true, Plugin = "Alpaca.Crypto",
        Backfill = AlpacaLane.Plugin("Alpaca.Crypto").CreateBackfill(VenueContext.From(sim.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))),
    };
}
