using Microsoft.Extensions.Configuration;

namespace Torghut.Host.Storage;

/// <summary>
/// Which TA store this host uses (docs/adr/0070-options-records.md): ClickHouse when TA_CLICKHOUSE_URL is set
/// (<see cref="ClickHouse"/>), else the embedded DuckDB file under <see cref="DataDir"/>.
/// </summary>
public sealed record TaStoreOptions(ClickHouse.ClickHouseOptions? ClickHouse, string DataDir)
{
    /// <summary>Called by the composition root and the commands that open a store only.</summary>
    public static TaStoreOptions From(IConfiguration configuration) =>
        new(Storage.ClickHouse.ClickHouseOptions.FromConfiguration(configuration),
            DataDirectory.Resolve(configuration));
}
