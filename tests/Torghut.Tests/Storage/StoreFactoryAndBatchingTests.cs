using Microsoft.Extensions.Configuration;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Storage.DuckDb;
using Torghut.Tests.Support;

namespace Torghut.Tests.Storage;

public sealed class StoreFactoryAndBatchingTests
{
    private static IConfiguration Config(params (string Key, string Value)[] pairs) =>
        new ConfigurationBuilder().AddInMemoryCollection(pairs.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value))).Build();

    [Fact]
    public async Task The_factory_picks_clickhouse_when_a_url_is_set_and_duckdb_otherwise()
    {
        using var dir = new TempDir();
        await using var duck = TaStoreFactory.Create(Config((StorageKeys.DataDir, dir.Path)));
        duck.ShouldBeOfType<DuckDbTaStore>().Path.ShouldBe(Path.Combine(dir.Path, DuckDbTaStore.FileName));
        await using var ch = TaStoreFactory.Create(Config((StorageKeys.ClickHouseUrl, "http://127.0.0.1:8123"), (StorageKeys.ClickHousePassword, "pw-secret")));
        ch.ShouldBeOfType<ClickHouseTaStore>().ToString().ShouldNotContain("pw-secret");
    }

    [Fact]
    public async Task Small_writes_are_batched_each_caller_returns_after_its_rows_are_stored_and_dispose_flushes()
    {
        using var dir = new TempDir();
        await using var store = new DuckDbTaStore(dir.Path);
        var writer = new BatchingTaWriter(store, batchSize: 5, flushInterval: TimeSpan.FromMinutes(10));
        var writes = Enumerable.Range(1, 5).Select(i => writer.WriteAsync([TaRows.Microbar("BTC/USD", i)], [])).ToList();
        await Task.WhenAll(writes).WaitAsync(TimeSpan.FromSeconds(10)); // the 5th row filled the batch
        (await store.RowCountsAsync(TaRows.At(0), TaRows.At(100)))["BTC/USD"].ShouldBe((5L, 0L));

        var last = writer.WriteAsync([], [TaRows.FullSignal("BTC/USD", 1)]);
        last.IsCompleted.ShouldBeFalse(); // below the batch size, long interval: still queued
        await writer.DisposeAsync();
        await last;
        (await store.SignalsAsync("BTC/USD", Cadence.OneSecond, TaRows.At(0), TaRows.At(100))).Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_interval_flushes_a_partial_batch()
    {
        using var dir = new TempDir();
        await using var store = new DuckDbTaStore(dir.Path);
        await using var writer = new BatchingTaWriter(store, batchSize: 1000, flushInterval: TimeSpan.FromMilliseconds(100));
        await writer.WriteAsync([TaRows.Microbar("ETH/USD", 1)], []).WaitAsync(TimeSpan.FromSeconds(10));
        (await store.MicrobarsAsync("ETH/USD", TaRows.At(0), TaRows.At(5))).Count.ShouldBe(1);
    }
}
