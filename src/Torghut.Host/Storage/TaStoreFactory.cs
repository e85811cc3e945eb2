using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Storage.DuckDb;

namespace Torghut.Host.Storage;

/// <summary>ClickHouse when TA_CLICKHOUSE_URL is set, else an embedded DuckDB file under the data directory (<see cref="DataDirectory"/>).</summary>
public static class TaStoreFactory
{
    public static ITaStore Create(IConfiguration config, ILogger? logger = null)
    {
        var clickHouse = ClickHouseOptions.FromConfiguration(config);
        if (clickHouse is not null) return new ClickHouseTaStore(clickHouse, logger);
        return new DuckDbTaStore(DataDirectory.Resolve(config));
    }
}
