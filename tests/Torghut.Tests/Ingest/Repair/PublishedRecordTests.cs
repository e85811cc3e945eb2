using Torghut.Abstractions;
using Torghut.Host.Ingest.Backfill;
using Torghut.Host.Ingest.Repair;

namespace Torghut.Tests.Ingest.Repair;

public sealed class PublishedRecordTests
{
    private static NanoTimestamp T(long seconds) => new(1_699_999_980_000_000_000L + seconds * 1_000_000_000L);

    [Fact]
    public void A_trade_is_published_once_whichever_path_sees_it_first()
    {
        var published = new PublishedEvents(TimeSpan.FromMinutes(5));
        var live = new Trade("BTC/USD", 100, 0.5, T(0), TradeId: 3447222699101865076);
        published.TryAdd("BTC/USD", live.Timestamp, EventKey.OfTrade(live)).ShouldBeTrue();
        // The same trade from REST: same id, same symbol.
        published.TryAdd("BTC/USD", live.Timestamp, EventKey.OfTrade(live with { Price = 100.0 })).ShouldBeFalse();
        // Same id on another symbol is another trade.
        published.TryAdd("ETH/USD", live.Timestamp, EventKey.OfTrade(live with { Symbol = "ETH/USD" })).ShouldBeTrue();
        published.Newest("BTC/USD").ShouldBe(T(0));
    }

    [Fact]
    public void Stock_trade_ids_are_per_exchange_and_day_and_id_zero_identifies_nothing()
    {
        var a = new Trade("AAPL", 1, 1, T(0), TradeId: 7, Exchange: "P");
        EventKey.OfTrade(a).ShouldNotBe(EventKey.OfTrade(a with { Exchange = "V" }));
        EventKey.OfTrade(a).ShouldNotBe(EventKey.OfTrade(a with { Timestamp = T(86_400) }));
        EventKey.OfTrade(a).ShouldBe(EventKey.OfTrade(a with { Timestamp = T(60) }));
        var zero = new Trade("BTC/USD", 1, 1, T(0), TradeId: 0);
        EventKey.OfTrade(zero).ShouldNotBe(EventKey.OfTrade(zero with { Timestamp = T(1) }));
    }

    [Fact]
    public void Identities_older_than_the_retention_are_dropped_unless_a_pending_repair_pins_them()
    {
        var published = new PublishedEvents(TimeSpan.FromMinutes(1));
        var old = EventKey.OfTrade(1, null, T(0), 1, 1);
        published.TryAdd("X/Y", T(0), old);
        published.PinFrom(T(0));
        published.TryAdd("X/Y", T(600), EventKey.OfTrade(2, null, T(600), 1, 1));
        published.Contains("X/Y", old).ShouldBeTrue("pinned by a pending repair");
        published.PinFrom(null);
        published.TryAdd("X/Y", T(601), EventKey.OfTrade(3, null, T(601), 1, 1));
        published.Contains("X/Y", old).ShouldBeFalse("ten minutes behind the newest, with a one-minute retention");
    }

    [Fact]
    public void A_rest_bar_is_published_only_where_it_changes_the_record()
    {
        var bars = new PublishedBars();
        var live = new Bar("BTC/USD", 1, 2, 0.5, 1.5, 10, T(0));
        bars.Add(live);
        bars.Changes(live with { Kind = BarKind.Historical }).ShouldBeFalse("the same values are already there");
        bars.Changes(live with { Volume = 11, Kind = BarKind.Historical }).ShouldBeTrue("the stream's update was missed");
        bars.Changes(live with { Timestamp = T(60), Kind = BarKind.Historical }).ShouldBeTrue("a missing minute");
        bars.Add(live with { Volume = 12, Kind = BarKind.Updated });
        bars.Changes(live with { Volume = 11, Kind = BarKind.Historical }).ShouldBeFalse("the live update is the venue's final word");
        bars.Newest("BTC/USD").ShouldBe(T(0));
    }

    [Fact]
    public void Bars_of_another_timeframe_are_recognised_but_sparse_minutes_are_not()
    {
        Bar At(long minute) => new("AAPL", 1, 1, 1, 1, 1, T(minute * 60));
        PageHygiene.WrongTimeframe([At(0), At(5), At(10), At(20)], BarTimeframe.OneMinute).ShouldBeTrue();
        PageHygiene.WrongTimeframe([At(0), At(3), At(4), At(9)], BarTimeframe.OneMinute).ShouldBeFalse();
        PageHygiene.WrongTimeframe([At(0), new Bar("AAPL", 1, 1, 1, 1, 1, T(90))], BarTimeframe.OneMinute).ShouldBeTrue("not on a minute");
    }

    [Fact]
    public void An_envelope_read_back_from_a_topic_has_the_identity_the_live_trade_had()
    {
        var topics = new Torghut.Host.Transport.TopicMap("t", "q", "b", "s");
        var writer = new Torghut.Host.Ingest.EnvelopeWriter("alpaca", topics, new Torghut.Host.Ingest.SequenceClock());
        var trade = new Trade("AAPL", 190.01, 100, T(5), TradeId: 52983525029461, Exchange: "V", Conditions: ["@", " "], Tape: "C");
        EnvelopeFacts.TryParse(writer.Trade(trade).Value, out var facts).ShouldBeTrue();
        facts.Key.ShouldBe(EventKey.OfTrade(trade));
        var quote = new Quote("BTC/USD", 67000.5, 0.123456789, 67001, 2.5, T(6));
        EnvelopeFacts.TryParse(writer.Quote(quote).Value, out facts).ShouldBeTrue();
        facts.Key.ShouldBe(EventKey.OfQuote(quote));
        var bar = new Bar("BTC/USD", 1, 2, 0.5, 1.5, 10.25, T(60), BarKind.Updated);
        EnvelopeFacts.TryParse(writer.Bar(bar, Torghut.Host.Ingest.EnvelopeSource.Ws).Value, out facts).ShouldBeTrue();
        facts.Bar.ShouldBe(BarVersion.Of(bar));
    }
}

public sealed class RepairHealthTests
{
    [Fact]
    public void A_failing_repair_is_a_degradation_naming_its_symbols_and_clears_on_success()
    {
        var board = new RepairStatusBoard();
        var health = new RepairHealth(board);
        var btc = board.For("crypto").Symbol("BTC/USD");
        btc.SetOpen(1);
        health.Parts().ShouldBeEmpty("an open hole that has not failed is just pending");
        btc.Failed("trades: HTTP 503 after 5 attempts");
        var part = health.Parts().ShouldHaveSingleItem();
        part.Serving.ShouldBe(Torghut.Host.Composition.Serving.Partial);
        part.Problems.ShouldHaveSingleItem().ErrorClass.ShouldBe("repair_failing");
        part.Problems[0].Symbols.ShouldBe(["BTC/USD"]);
        btc.Repaired(1.5);
        btc.SetOpen(0);
        health.Parts().ShouldBeEmpty();
    }
}
