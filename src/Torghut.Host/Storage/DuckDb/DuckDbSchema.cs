namespace Torghut.Host.Storage.DuckDb;

/// <summary>
/// The ClickHouse tables' columns, names and order in DuckDB types. Timestamps are TIMESTAMP_NS (the records' full
/// nanoseconds, unlike ClickHouse's milliseconds). The primary key (symbol, event_ts, seq) is the ClickHouse sort key,
/// so an upsert on it gives the same dedup a ReplacingMergeTree gives after its merge.
/// </summary>
public static class DuckDbSchema
{
    private const string Shared = """
            symbol VARCHAR NOT NULL, event_ts TIMESTAMP_NS NOT NULL, seq BIGINT NOT NULL, ingest_ts TIMESTAMP_NS NOT NULL,
            is_final BOOLEAN NOT NULL, source VARCHAR NOT NULL, window_size VARCHAR NOT NULL, window_step VARCHAR,
            window_start TIMESTAMP_NS, window_end TIMESTAMP_NS, version INTEGER NOT NULL,
        """;

    public static readonly string[] SharedColumns =
        ["symbol", "event_ts", "seq", "ingest_ts", "is_final", "source", "window_size", "window_step", "window_start", "window_end", "version"];

    public static readonly string[] MicrobarValues = ["o", "h", "l", "c", "v", "vwap", "count"];

    public static readonly string[] SignalValues =
    [
        "macd", "macd_signal", "macd_hist", "ema12", "ema26", "rsi14", "boll_mid", "boll_upper", "boll_lower",
        "vwap_session", "vwap_w5m", "imbalance_spread", "imbalance_bid_px", "imbalance_ask_px",
        "imbalance_bid_sz", "imbalance_ask_sz", "vol_realized_w60s",
    ];

    public static readonly string CreateMicrobars =
        $"CREATE TABLE IF NOT EXISTS ta_microbars ({Shared} o DOUBLE NOT NULL, h DOUBLE NOT NULL, l DOUBLE NOT NULL, c DOUBLE NOT NULL, " +
        "v DOUBLE NOT NULL, vwap DOUBLE, count BIGINT NOT NULL, PRIMARY KEY (symbol, event_ts, seq))";

    public static readonly string CreateSignals =
        $"CREATE TABLE IF NOT EXISTS ta_signals ({Shared} {string.Join(", ", SignalValues.Select(c => c + " DOUBLE"))}, " +
        "PRIMARY KEY (symbol, event_ts, seq))";

    /// <summary>Value columns of the staging tables with their DuckDB types (all nullable: the target checks).</summary>
    public static readonly string[] MicrobarStagingValues = ["o DOUBLE", "h DOUBLE", "l DOUBLE", "c DOUBLE", "v DOUBLE", "vwap DOUBLE", "count BIGINT"];

    public static readonly string[] SignalStagingValues = SignalValues.Select(c => c + " DOUBLE").ToArray();

    /// <summary>The connection-private staging table a batch is appended to before its upsert.</summary>
    public static string Staging(string table) => "staging_" + table;

    /// <summary>
    /// Staging rows carry their position in the batch (ord) and timestamps as epoch nanoseconds, the appender's
    /// cheapest form; the upsert converts them.
    /// </summary>
    public static string CreateStaging(string table, string[] valueColumns) =>
        $"CREATE TEMP TABLE IF NOT EXISTS {Staging(table)} (ord BIGINT, symbol VARCHAR, event_ts BIGINT, seq BIGINT, ingest_ts BIGINT, " +
        "is_final BOOLEAN, source VARCHAR, window_size VARCHAR, window_step VARCHAR, window_start BIGINT, window_end BIGINT, version INTEGER, " +
        string.Join(", ", valueColumns) + ")";

    /// <summary>
    /// Upserts the staged batch and empties the staging table. Within the batch the row with the latest ingest_ts
    /// (then the later position: last write, as ClickHouse) is kept, because DuckDB refuses an ON CONFLICT that hits
    /// one key twice in a statement; against the table, a stale replayed copy leaves the stored row alone.
    /// </summary>
    public static string UpsertFromStaging(string table, string[] valueColumns)
    {
        string[] columns = [.. SharedColumns, .. valueColumns];
        var select = columns.Select(c => c is "event_ts" or "ingest_ts" or "window_start" or "window_end" ? $"make_timestamp_ns({c})" : c);
        var updates = columns.Skip(3).Select(c => $"{c} = excluded.{c}");
        return $"INSERT INTO {table} ({string.Join(", ", columns)}) SELECT {string.Join(", ", select)} FROM {Staging(table)} " +
               "QUALIFY row_number() OVER (PARTITION BY symbol, event_ts, seq ORDER BY ingest_ts DESC, ord DESC) = 1 " +
               $"ON CONFLICT (symbol, event_ts, seq) DO UPDATE SET {string.Join(", ", updates)} WHERE excluded.ingest_ts >= {table}.ingest_ts; " +
               $"DELETE FROM {Staging(table)}";
    }

    /// <summary>SELECT list matching ClickHouse's reads: timestamps as epoch nanoseconds.</summary>
    public static string SelectList(string[] valueColumns) =>
        "symbol, epoch_ns(event_ts), seq, epoch_ns(ingest_ts), is_final, source, window_size, window_step, " +
        "epoch_ns(window_start), epoch_ns(window_end), version, " + string.Join(", ", valueColumns);
}
