using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;
using Torghut.Host.Storage.DuckDb;
using Torghut.Tests.Support;

namespace Torghut.Tests.Storage;

/// <summary>The store contract against an embedded DuckDB file, plus what only a file store has: a restart.</summary>
public sealed class DuckDbStoreTests : TaStoreContract, IDisposable
{
    private readonly TempDir _dir = new("torghut-duckdb");

    protected override async Task<ITaStore> NewStoreAsync()
    {
        var store = new DuckDbTaStore(Path.Combine(_dir.Path, Guid.NewGuid().ToString("N")));
        await store.EnsureSchemaAsync();
        return store;
    }

    protected override NanoTimestamp Stored(NanoTimestamp t) => t; // TIMESTAMP_NS keeps all nine digits

    protected override Task CompactAsync(ITaStore store) => Task.CompletedTask; // the primary key dedups on write

    [Fact]
    public async Task Rows_survive_a_restart_and_a_rewrite_after_it_adds_no_duplicates()
    {
        var dataDir = Path.Combine(_dir.Path, "data");
        var bars = Enumerable.Range(1, 20).Select(i => TaRows.Microbar("BTC/USD", i)).ToList();
        var signals = Enumerable.Range(1, 20).Select(i => TaRows.FullSignal("BTC/USD", i)).ToList();
        await using (var first = new DuckDbTaStore(dataDir))
        {
            await first.WriteAsync(bars, signals);
            await first.WriteAsync(bars, signals);
        }
        File.Exists(Path.Combine(dataDir, DuckDbTaStore.FileName)).ShouldBeTrue();

        await using var reopened = new DuckDbTaStore(dataDir);
        await reopened.EnsureSchemaAsync();
        await reopened.WriteAsync(bars, signals); // the replay a restarted worker would do
        (await reopened.MicrobarsAsync("BTC/USD", TaRows.At(0), TaRows.At(100))).ShouldBe(bars);
        (await reopened.SignalsAsync("BTC/USD", Cadence.OneSecond, TaRows.At(0), TaRows.At(100))).ShouldBe(signals);
        (await reopened.RowCountsAsync(TaRows.At(0), TaRows.At(100)))["BTC/USD"].ShouldBe((20L, 20L));
        (await reopened.FreshnessAsync()).ShouldBe(new StoreFreshness(TaRows.At(20), TaRows.At(20)));
    }

    [Fact]
    public async Task A_batch_holding_the_same_key_twice_keeps_the_later_ingest()
    {
        await using var store = await NewStoreAsync();
        var early = TaRows.Microbar("ETH/USD", 1, close: 10, ingest: TaRows.At(5));
        var late = TaRows.Microbar("ETH/USD", 1, close: 20, ingest: TaRows.At(6));
        await store.WriteAsync([late, early], []);
        (await store.MicrobarsAsync("ETH/USD", TaRows.At(0), TaRows.At(10))).Single().Close.ShouldBe(20);
    }

    [Fact]
    public async Task A_batch_holding_the_same_key_and_ingest_twice_keeps_the_last_written_and_the_next_batch_starts_clean()
    {
        await using var store = await NewStoreAsync();
        var first = TaRows.Microbar("ETH/USD", 1, close: 10, ingest: TaRows.At(5));
        var second = TaRows.Microbar("ETH/USD", 1, close: 20, ingest: TaRows.At(5));
        await store.WriteAsync([first, second], []);
        (await store.MicrobarsAsync("ETH/USD", TaRows.At(0), TaRows.At(10))).Single().Close.ShouldBe(20);
        // The staging table is emptied per batch: a later batch for another key must not re-apply the first one.
        await store.WriteAsync([TaRows.Microbar("ETH/USD", 2, close: 30, ingest: TaRows.At(6))], []);
        await store.WriteAsync([TaRows.Microbar("ETH/USD", 1, close: 40, ingest: TaRows.At(7))], []);
        (await store.MicrobarsAsync("ETH/USD", TaRows.At(0), TaRows.At(10))).Select(b => b.Close).ShouldBe([40.0, 30.0]);
    }

    public void Dispose() => _dir.Dispose();
}
