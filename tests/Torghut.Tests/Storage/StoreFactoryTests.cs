using Microsoft.Extensions.Configuration;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Storage.DuckDb;
using Torghut.Tests.Support;

namespace Torghut.Tests.Storage;

public sealed class StoreFactoryTests
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
}
