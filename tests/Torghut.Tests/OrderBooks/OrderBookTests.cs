using Torghut.Abstractions;
using Torghut.Host.OrderBooks;
using Torghut.Tests.Support;

namespace Torghut.Tests.OrderBooks;

/// <summary>
/// The in-host L2 book (issue #14 item 4): snapshot, deltas, level removal, deltas before a snapshot, a reconnect,
/// crossed and stale books, each with what the counters then say.
/// </summary>
public sealed class OrderBookTests
{
    private const string Btc = "BTC/USD";
    private static readonly NanoTimestamp T0 = NanoTimestamp.Parse("2026-12-06T16:00:00.000000001Z");

    private static OrderBookUpdate Book(int ms, bool reset, (double P, double S)[] bids, (double P, double S)[] asks) =>
        new(Btc, T0.AddNanoseconds(ms * 1_000_000L), bids.Select(l => new PriceLevel(l.P, l.S)).ToList(),
            asks.Select(l => new PriceLevel(l.P, l.S)).ToList(), reset);

    private static OrderBookUpdate Snapshot(int ms = 0) =>
        Book(ms, true, [(100, 1), (99, 2), (98, 3)], [(101, 1.5), (102, 2.5), (103, 0.125)]);

    private static (OrderBookSet Set, ManualTime Time) NewSet()
    {
        var time = new ManualTime();
        return (new OrderBookSet("crypto", TimeSpan.FromSeconds(30), time), time);
    }

    private static NanoTimestamp Now(ManualTime time) => NanoTimestamp.FromDateTimeOffset(time.GetUtcNow());

    private static BookView View(OrderBookSet set, int depth = 10) => set.View(Btc, depth).ShouldNotBeNull();

    [Fact]
    public void A_snapshot_sets_the_book_best_first_and_depth_limits_each_side()
    {
        var (set, time) = NewSet();
        set.Apply(Snapshot(), Now(time)).ShouldBe(BookApplied.Snapshot);
        var view = View(set);
        view.State.ShouldBe(BookState.Live);
        view.Bids.ShouldBe([new(100, 1), new(99, 2), new(98, 3)]);
        view.Asks.ShouldBe([new(101, 1.5), new(102, 2.5), new(103, 0.125)]);
        View(set, 2).Bids.ShouldBe([new(100, 1), new(99, 2)]);
        View(set, 2).Asks.ShouldBe([new(101, 1.5), new(102, 2.5)]);
        view.EventTs.ShouldBe(T0);
    }

    [Fact]
    public void Deltas_add_and_replace_levels_and_a_zero_size_removes_one()
    {
        var (set, time) = NewSet();
        set.Apply(Snapshot(), Now(time));
        set.Apply(Book(1, false, [(100, 0), (99.5, 4), (98, 0.25)], [(101, 0), (104, 7)]), Now(time))
            .ShouldBe(BookApplied.Delta);
        var view = View(set);
        view.Bids.ShouldBe([new(99.5, 4), new(99, 2), new(98, 0.25)]);
        view.Asks.ShouldBe([new(102, 2.5), new(103, 0.125), new(104, 7)]);
        view.EventTs.ShouldBe(T0.AddNanoseconds(1_000_000));
        // Removing a level the book does not have changes nothing.
        set.Apply(Book(2, false, [(97, 0)], []), Now(time));
        View(set).Bids.Count.ShouldBe(3);
        set.Counts().Deltas.ShouldBe(2);
    }

    [Fact]
    public void A_new_snapshot_replaces_the_whole_book()
    {
        var (set, time) = NewSet();
        set.Apply(Snapshot(), Now(time));
        set.Apply(Book(5, true, [(50, 1)], [(51, 1)]), Now(time)).ShouldBe(BookApplied.Snapshot);
        View(set).Bids.ShouldBe([new(50, 1)]);
        View(set).Asks.ShouldBe([new(51, 1)]);
        set.Counts().Snapshots.ShouldBe(2);
    }

    [Fact]
    public void A_delta_before_any_snapshot_is_counted_and_not_applied()
    {
        var (set, time) = NewSet();
        set.Apply(Book(0, false, [(100, 1)], [(101, 1)]), Now(time)).ShouldBe(BookApplied.DeltaBeforeSnapshot);
        var view = View(set);
        view.State.ShouldBe(BookState.AwaitingSnapshot);
        view.Bids.ShouldBeEmpty();
        view.Asks.ShouldBeEmpty();
        set.Counts().DeltasBeforeSnapshot.ShouldBe(1);
        set.Counts().Deltas.ShouldBe(0);
        set.Apply(Snapshot(1), Now(time));
        View(set).Bids.Count.ShouldBe(3);
    }

    [Fact]
    public void After_a_reconnect_the_book_is_emptied_and_waits_for_the_next_snapshot()
    {
        var (set, time) = NewSet();
        set.Apply(Snapshot(), Now(time));
        set.AwaitSnapshots();
        View(set).State.ShouldBe(BookState.AwaitingSnapshot);
        View(set).Bids.ShouldBeEmpty();
        // The new connection's first message is a delta (it should not be): ignored, not applied on nothing.
        set.Apply(Book(1, false, [(100, 9)], []), Now(time)).ShouldBe(BookApplied.DeltaBeforeSnapshot);
        View(set).Bids.ShouldBeEmpty();
        set.Apply(Book(2, true, [(200, 1)], [(201, 1)]), Now(time));
        View(set).State.ShouldBe(BookState.Live);
        View(set).Bids.ShouldBe([new(200, 1)]);
        set.Counts().ShouldSatisfyAllConditions(
            c => c.Invalidations.ShouldBe(1), c => c.DeltasBeforeSnapshot.ShouldBe(1), c => c.Snapshots.ShouldBe(2));
    }

    [Fact]
    public void A_crossed_book_is_shown_as_crossed_and_counted_once_per_episode()
    {
        var (set, time) = NewSet();
        set.Apply(Snapshot(), Now(time));
        set.Apply(Book(1, false, [(101.5, 1)], []), Now(time)); // bid above the best ask
        View(set).State.ShouldBe(BookState.Crossed);
        set.Apply(Book(2, false, [(101.6, 1)], []), Now(time)); // still crossed: same episode
        set.Counts().CrossedEpisodes.ShouldBe(1);
        set.Counts().BooksByState[BookState.Crossed].ShouldBe(1);
        set.Apply(Book(3, false, [(101.5, 0), (101.6, 0)], []), Now(time));
        View(set).State.ShouldBe(BookState.Live);
        set.Apply(Book(4, false, [], [(100, 1)]), Now(time)); // ask at the best bid: locked counts as crossed
        View(set).State.ShouldBe(BookState.Crossed);
        set.Counts().CrossedEpisodes.ShouldBe(2);
    }

    [Fact]
    public void A_book_silent_longer_than_the_stale_limit_is_stale_and_the_episode_is_counted_when_it_speaks_again()
    {
        var (set, time) = NewSet();
        set.Apply(Snapshot(), Now(time));
        time.Advance(TimeSpan.FromSeconds(29));
        View(set).State.ShouldBe(BookState.Live);
        time.Advance(TimeSpan.FromSeconds(2));
        View(set).State.ShouldBe(BookState.Stale);
        set.Counts().BooksByState[BookState.Stale].ShouldBe(1);
        set.Apply(Book(1, false, [(99.75, 1)], []), Now(time));
        View(set).State.ShouldBe(BookState.Live);
        set.Counts().StaleEpisodes.ShouldBe(1);
    }

    [Fact]
    public void Levels_with_non_finite_or_negative_numbers_are_skipped_and_counted_and_the_rest_applies()
    {
        var (set, time) = NewSet();
        set.Apply(Book(0, true, [(double.NaN, 1), (100, -1), (99, 2)], [(101, double.PositiveInfinity), (102, 1)]),
            Now(time));
        View(set).Bids.ShouldBe([new(99, 2)]);
        View(set).Asks.ShouldBe([new(102, 1)]);
        set.Counts().InvalidLevels.ShouldBe(3);
    }

    [Fact]
    public void Forgotten_symbols_lose_their_book_and_unknown_symbols_have_none()
    {
        var (set, time) = NewSet();
        set.Apply(Snapshot(), Now(time));
        set.Forget([Btc]);
        set.View(Btc, 10).ShouldBeNull();
        set.View("ETH/USD", 10).ShouldBeNull();
        set.Counts().Snapshots.ShouldBe(1);
    }
}
