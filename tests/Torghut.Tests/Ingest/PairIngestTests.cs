using System.Text.Json;
using Alpaca.Simulator;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Tests.Support;

namespace Torghut.Tests.Ingest;

/// <summary>Per-pair ingest freshness: what the session reports per symbol matches the envelopes it published.</summary>
public sealed class PairIngestTests
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD"];

    [Fact]
    public async Task Each_pair_reports_its_own_newest_trade_or_quote_with_the_envelopes_event_and_ingest_times_and_drops_when_unsubscribed()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Speed = 60, Symbols = Pairs, TradesPerMinute = 120, QuotesPerMinute = 120 });
        var publisher = new RecordingPublisher();
        var session = AlpacaLane.Session(AlpacaLane.Feed("Alpaca.Crypto", sim.Settings.ToDictionary()), publisher, Pairs);
        using var stop = new CancellationTokenSource();
        var run = Task.Run(() => session.RunAsync(stop.Token));
        await Eventually.HoldsAsync(() => session.Snapshot().Pairs.Count == 2 && session.Snapshot().Pairs.Values.All(p => p.Events >= 5),
            "both pairs have events", TimeSpan.FromSeconds(30));

        session.SetSymbols(["BTC/USD"]);
        await Eventually.HoldsAsync(() => session.Snapshot().Subscribed["trades"].SequenceEqual(["BTC/USD"]), "ETH/USD unsubscribed", TimeSpan.FromSeconds(20));
        session.Snapshot().Pairs.Keys.ShouldBe(["BTC/USD"]); // only subscribed symbols are shown
        await stop.CancelAsync();
        await run;

        var btc = session.Snapshot().Pairs["BTC/USD"];
        var envelopes = publisher.Envelopes("trades").Concat(publisher.Envelopes("quotes"))
            .Where(e => e.GetProperty("symbol").GetString() == "BTC/USD").ToList();
        btc.Events.ShouldBe(envelopes.Count);
        var newest = envelopes.Max(e => Ts(e, "eventTs"));
        btc.LastEventTs.ShouldBe(newest);
        envelopes.Where(e => Ts(e, "eventTs") == newest).Select(e => Ts(e, "ingestTs")).ShouldContain(btc.LastIngestTs);
        btc.EventToIngestMs.ShouldBe((btc.LastIngestTs.UnixNanoseconds - newest.UnixNanoseconds) / 1e6);
    }

    private static NanoTimestamp Ts(JsonElement envelope, string field) => NanoTimestamp.Parse(envelope.GetProperty(field).GetString()!);

    [Fact]
    public void The_table_is_bounded_and_a_late_older_event_does_not_make_a_pair_look_staler()
    {
        var table = new PairIngestTable();
        var t0 = NanoTimestamp.FromUnix(1_700_000_000);
        for (var i = 0; i < PairIngestTable.MaxPairs + 5; i++) table.Record($"S{i}", t0, t0);
        table.Count.ShouldBe(PairIngestTable.MaxPairs);
        table.Untracked.ShouldBe(5);

        table.Record("S1", t0.AddNanoseconds(2_000_000_000), t0.AddNanoseconds(2_004_000_000));
        table.Record("S1", t0.AddNanoseconds(1_000_000_000), t0.AddNanoseconds(2_500_000_000)); // late, older trade
        var s1 = table.Snapshot(["S1", "NOT-TRACKED"]).ShouldHaveSingleItem().Value;
        (s1.LastEventTs, s1.Events, s1.EventToIngestMs).ShouldBe((t0.AddNanoseconds(2_000_000_000), 3L, 4.0));

        table.Forget(["S1"]);
        table.Snapshot(["S1"]).ShouldBeEmpty();
    }
}
