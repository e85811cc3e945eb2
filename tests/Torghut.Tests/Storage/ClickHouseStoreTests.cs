using Torghut.Abstractions;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;

namespace Torghut.Tests.Storage;

/// <summary>The store contract against a real ClickHouse 18.16 server (legacy layout).</summary>
[Collection(ClickHouseCollection.Name)]
public sealed class ClickHouseStoreTests(ClickHouseServerFixture server) : TaStoreContract
{
    protected override async Task<ITaStore> NewStoreAsync()
    {
        var store = new ClickHouseTaStore(server.Options(batchSize: 2)); // tiny batches: every write spans several INSERTs
        await store.EnsureSchemaAsync();
        return store;
    }

    protected override NanoTimestamp Stored(NanoTimestamp t) => TaRows.Ms(t);

    protected override Task CompactAsync(ITaStore store) => ((ClickHouseTaStore)store).OptimizeFinalAsync();
}
