using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Storage.DuckDb;

namespace Torghut.Host.Storage;

/// <summary>ClickHouse when TA_CLICKHOUSE_URL is set, else an embedded DuckDB file under the data directory (<see cref="DataDirectory"/>).</summary>
public static class TaStoreFactory
{
    public static ITaStore Create(IConfiguration config, ILogger? logger = null) =>
        Create(TaStoreOptions.From(config), logger);

    public static ITaStore Create(TaStoreOptions options, ILogger? logger = null) =>
        options.ClickHouse is { } clickHouse
            ? new ClickHouseTaStore(clickHouse, logger)
            : new DuckDbTaStore(options.DataDir);
}
