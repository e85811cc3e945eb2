using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;

namespace Torghut.Tests.Storage;

/// <summary>
/// What every <see cref="ITaStore"/> must do, run against each implementation. <see cref="Stored"/> says how a
/// timestamp comes back (ClickHouse: floored to ms; DuckDB: exact).
/// </summary>
public abstract class TaStoreContract
{
    protected abstract Task<ITaStore> NewStoreAsync();
    protected abstract NanoTimestamp Stored(NanoTimestamp t);
    protected abstract Task CompactAsync(ITaStore store);

    private TaMicrobar Expect(TaMicrobar b) => b with
    {
        EventTs = Stored(b.EventTs), IngestTs = Stored(b.IngestTs),
        Window = b.Window with { Start = b.Window.Start is { } s ? Stored(s) : null, End = b.Window.End is { } e ? Stored(e) : null },
    };

    private TaSignal Expect(TaSignal x) => x with
    {
        EventTs = Stored(x.EventTs), IngestTs = Stored(x.IngestTs),
        Window = x.Window with { Start = x.Window.Start is { } s ? Stored(s) : null, End = x.Window.End is { } e ? Stored(e) : null },
    };

    private static readonly NanoTimestamp From = TaRows.At(-100);
    private static readonly NanoTimestamp To = TaRows.At(100);

    [Fact]
    public async Task Every_field_round_trips_including_fractional_sizes_and_null_groups()
    {
        await using var store = await NewStoreAsync();
        var bars = new[] { TaRows.Microbar("BTC/USD", 1), TaRows.Microbar("BTC/USD", 2, vwap: null) with { IsFinal = false, Count = long.MaxValue / 2, Volume = 0.000001 } };
        var signals = new[] { TaRows.FullSignal("BTC/USD", 1), TaRows.EmptySignal("BTC/USD", 2), TaRows.FullSignal("BTC/USD", 0, Cadence.OneMinute) };
        await store.WriteAsync(bars, signals);

        var readBars = await store.MicrobarsAsync("BTC/USD", From, To);
        readBars.ShouldBe(bars.Select(Expect).ToList());
        var readSignals = await store.SignalsAsync("BTC/USD", Cadence.OneSecond, From, To);
        readSignals.ShouldBe(new[] { Expect(signals[0]), Expect(signals[1]) });
        readSignals[0].Imbalance!.BidSz.ShouldBe(0.5); // upstream's UInt64 column stored this as 0
        var minute = await store.SignalsAsync("BTC/USD", Cadence.OneMinute, From, To);
        minute.ShouldBe(new[] { Expect(signals[2]) });
    }

    [Fact]
    public async Task Rewriting_the_same_keys_keeps_one_row_each_and_the_latest_ingest_wins()
    {
        await using var store = await NewStoreAsync();
        var bars = Enumerable.Range(1, 5).Select(i => TaRows.Microbar("ETH/USD", i)).ToList();
        var signals = Enumerable.Range(1, 5).Select(i => TaRows.FullSignal("ETH/USD", i)).ToList();
        await store.WriteAsync(bars, signals);
        await store.WriteAsync(bars, signals); // a replay after a crash: identical rows
        var later = TaRows.At(50);
        var corrected = bars.Select(b => b with { Close = 1.5, IngestTs = later }).ToList();
        var correctedSignals = signals.Select(s => s with { Rsi14 = 99.25, IngestTs = later }).ToList();
        await store.WriteAsync(corrected, correctedSignals);
        await store.WriteAsync(bars.Take(2).ToList(), []); // a stale copy arriving last must not win

        (await store.MicrobarsAsync("ETH/USD", From, To)).ShouldBe(corrected.Select(Expect).ToList());
        (await store.SignalsAsync("ETH/USD", Cadence.OneSecond, From, To)).ShouldBe(correctedSignals.Select(Expect).ToList());
        (await store.RowCountsAsync(From, To))["ETH/USD"].ShouldBe((5L, 5L));

        await CompactAsync(store);
        (await store.RowCountsAsync(From, To))["ETH/USD"].ShouldBe((5L, 5L));
        (await store.MicrobarsAsync("ETH/USD", From, To)).Select(b => b.Close).ShouldAllBe(c => c == 1.5);
    }

    [Fact]
    public async Task Freshness_is_max_signal_event_ts_and_max_microbar_window_end()
    {
        await using var store = await NewStoreAsync();
        (await store.FreshnessAsync()).ShouldBe(new StoreFreshness(null, null));
        await store.WriteAsync([TaRows.Microbar("SOL/USD", 3), TaRows.Microbar("SOL/USD", 7), TaRows.Microbar("ETH/USD", 9)],
            [TaRows.FullSignal("SOL/USD", 4), TaRows.FullSignal("ETH/USD", 2)]);

        (await store.FreshnessAsync()).ShouldBe(new StoreFreshness(Stored(TaRows.At(4)), Stored(TaRows.At(9))));
        (await store.FreshnessAsync("SOL/USD")).ShouldBe(new StoreFreshness(Stored(TaRows.At(4)), Stored(TaRows.At(7))));
        (await store.FreshnessAsync("ETH/USD")).ShouldBe(new StoreFreshness(Stored(TaRows.At(2)), Stored(TaRows.At(9))));
        (await store.FreshnessAsync("NOPE")).ShouldBe(new StoreFreshness(null, null));
    }

    [Fact]
    public async Task Recent_freshness_is_per_requested_symbol_over_rows_since_the_bound()
    {
        await using var store = await NewStoreAsync();
        (await store.RecentFreshnessAsync(["BTC/USD"], TaRows.At(0))).ShouldBeEmpty();
        await store.WriteAsync(
            [TaRows.Microbar("SOL/USD", 3), TaRows.Microbar("SOL/USD", 7), TaRows.Microbar("ETH/USD", 9), TaRows.Microbar("BTC/USD", 1), TaRows.Microbar("DOGE/USD", 8)],
            [TaRows.FullSignal("SOL/USD", 4), TaRows.FullSignal("SOL/USD", 6), TaRows.FullSignal("ETH/USD", 2), TaRows.FullSignal("BTC/USD", 1)]);

        var recent = await store.RecentFreshnessAsync(["SOL/USD", "ETH/USD", "BTC/USD", "NOPE"], TaRows.At(5));
        // BTC/USD has nothing since the bound; DOGE/USD was not asked for.
        recent.Keys.Order(StringComparer.Ordinal).ShouldBe(["ETH/USD", "SOL/USD"]);
        recent["SOL/USD"].ShouldBe(new StoreFreshness(Stored(TaRows.At(6)), Stored(TaRows.At(7))));
        recent["ETH/USD"].ShouldBe(new StoreFreshness(null, Stored(TaRows.At(9))), "its only signal is older than the bound");
        (await store.RecentFreshnessAsync(["BTC/USD", "SOL/USD"], TaRows.At(-5)))["BTC/USD"].ShouldBe(new StoreFreshness(Stored(TaRows.At(1)), Stored(TaRows.At(1))));
        (await store.RecentFreshnessAsync([], TaRows.At(-5))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Row_counts_are_per_symbol_within_the_inclusive_window()
    {
        await using var store = await NewStoreAsync();
        var bars = Enumerable.Range(0, 10).Select(i => TaRows.Microbar("BTC/USD", i)).Append(TaRows.Microbar("ETH/USD", 3)).ToList();
        var signals = Enumerable.Range(0, 4).Select(i => TaRows.FullSignal("BTC/USD", i)).Append(TaRows.FullSignal("SOL/USD", 20)).ToList();
        await store.WriteAsync(bars, signals);

        var counts = await store.RowCountsAsync(TaRows.At(2), TaRows.At(5));
        counts.Keys.Order(StringComparer.Ordinal).ShouldBe(["BTC/USD", "ETH/USD"]);
        counts["BTC/USD"].ShouldBe((4L, 2L)); // bars 2..5, signals 2..3
        counts["ETH/USD"].ShouldBe((1L, 0L));
        (await store.RowCountsAsync(TaRows.At(-10), TaRows.At(30)))["SOL/USD"].ShouldBe((0L, 1L));
        (await store.MicrobarsAsync("BTC/USD", TaRows.At(2), TaRows.At(5))).Select(b => b.Seq).ShouldBe([2L, 3, 4, 5]);
    }

    [Fact]
    public async Task Microbars_before_a_time_are_the_newest_n_deduplicated_and_oldest_first()
    {
        await using var store = await NewStoreAsync();
        var bars = Enumerable.Range(1, 10).Select(i => TaRows.Microbar("BTC/USD", i, close: 100 + i)).ToList();
        await store.WriteAsync(bars, []);
        await store.WriteAsync([TaRows.Microbar("ETH/USD", 6), TaRows.Microbar("ETH/USD", 7)], []);
        // A replay of bars 5–7 (the same rows), then a correction of bar 6 with a later ingest.
        await store.WriteAsync(bars.Skip(4).Take(3).ToList(), []);
        var corrected = bars[5] with { Close = 999.5, Volume = 2.25, IngestTs = TaRows.At(50) };
        await store.WriteAsync([corrected], []);

        var before8 = await store.MicrobarsBeforeAsync("BTC/USD", From, TaRows.At(8), 3);
        before8.ShouldBe(new[] { bars[4], corrected, bars[6] }.Select(Expect).ToList()); // bars 5, 6, 7: newest three before 8, in time order
        (await store.MicrobarsBeforeAsync("BTC/USD", From, TaRows.At(3), 100)).Select(b => b.Seq).ShouldBe([1L, 2]);
        (await store.MicrobarsBeforeAsync("BTC/USD", TaRows.At(6), TaRows.At(9), 100)).Select(b => b.Seq).ShouldBe([6L, 7, 8]); // from is inclusive
        (await store.MicrobarsBeforeAsync("BTC/USD", From, TaRows.At(1), 100)).ShouldBeEmpty(); // strictly before
        (await store.MicrobarsBeforeAsync("BTC/USD", From, TaRows.At(100), 0)).ShouldBeEmpty();
        (await store.MicrobarsBeforeAsync("SOL/USD", From, TaRows.At(100), 5)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Microbar_sums_cover_the_half_open_range_after_dedup()
    {
        await using var store = await NewStoreAsync();
        var bars = Enumerable.Range(1, 6).Select(i => TaRows.Microbar("BTC/USD", i, close: 10 * i) with { Volume = 0.25 * i }).ToList();
        await store.WriteAsync(bars, []);
        await store.WriteAsync(bars, []); // duplicates must not count twice
        await store.WriteAsync([bars[2] with { Close = 7, Volume = 4, IngestTs = TaRows.At(50) }], []); // bar 3 corrected
        await store.WriteAsync([TaRows.Microbar("ETH/USD", 3)], []);

        var sums = await store.MicrobarSumsAsync("BTC/USD", TaRows.At(2), TaRows.At(5)); // bars 2, 3, 4
        sums.Count.ShouldBe(3L);
        sums.Volume.ShouldBe(0.5 + 4 + 1.0, 1e-12);
        sums.PriceVolume.ShouldBe(20 * 0.5 + 7 * 4 + 40 * 1.0, 1e-9);
        (await store.MicrobarSumsAsync("BTC/USD", TaRows.At(7), TaRows.At(9))).ShouldBe(new MicrobarSums(0, 0, 0));
        (await store.MicrobarSumsAsync("BTC/USD", TaRows.At(4), TaRows.At(4))).Count.ShouldBe(0L);
    }

    [Fact]
    public async Task Symbols_with_quotes_and_backslashes_are_stored_and_queried_safely()
    {
        await using var store = await NewStoreAsync();
        const string odd = "O'Neil\\X\tY";
        await store.WriteAsync([TaRows.Microbar(odd, 1)], [TaRows.FullSignal(odd, 1)]);
        (await store.MicrobarsAsync(odd, From, To)).Single().Symbol.ShouldBe(odd);
        (await store.SignalsAsync(odd, Cadence.OneSecond, From, To)).Single().Symbol.ShouldBe(odd);
        (await store.FreshnessAsync(odd)).MaxSignalEventTs.ShouldBe(Stored(TaRows.At(1)));
        (await store.RecentFreshnessAsync([odd, "O'"], From))[odd].MaxSignalEventTs.ShouldBe(Stored(TaRows.At(1)));
        (await store.MicrobarsBeforeAsync(odd, From, To, 5)).Single().Symbol.ShouldBe(odd);
        (await store.MicrobarSumsAsync(odd, From, To)).Count.ShouldBe(1L);
    }
}
