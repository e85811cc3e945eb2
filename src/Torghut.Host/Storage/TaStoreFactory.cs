using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Storage.DuckDb;

namespace Torghut.Host.Storage;

/// <summary>ClickHouse when TA_CLICKHOUSE_URL is set, else an embedded DuckDB file under TORGHUT_DATA_DIR (default ./data).</summary>
public static class TaStoreFactory
{
    public static ITaStore Create(IConfiguration config, ILogger? logger = null)
    {
        var clickHouse = ClickHouseOptions.FromConfiguration(config);
        if (clickHouse is not null) return new ClickHouseTaStore(clickHouse, logger);
        var dataDir = config[StorageKeys.DataDir];
        return new DuckDbTaStore(string.IsNullOrWhiteSpace(dataDir) ? "data" : dataDir);
    }
}
