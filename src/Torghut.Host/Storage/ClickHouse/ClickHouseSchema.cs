using System.Text;

namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// DDL for torghut.ta_microbars / ta_signals: upstream's columns in upstream's order (§7.1), except bid/ask sizes
/// are Nullable(Float64) (upstream's UInt64 truncated 0.5 BTC to 0) and there is no microstructure_signal_v1 column.
/// </summary>
public static class ClickHouseSchema
{
    public const string Microbars = "ta_microbars";
    public const string Signals = "ta_signals";

    private static readonly (string Name, string Type)[] SharedColumns =
    [
        ("symbol", "{sym}"), ("event_ts", "{ts}"), ("seq", "UInt64"), ("ingest_ts", "{ts}"), ("is_final", "UInt8"),
        ("source", "{sym}"), ("window_size", "{sym}"), ("window_step", "Nullable(String)"),
        ("window_start", "Nullable({ts})"), ("window_end", "Nullable({ts})"), ("version", "UInt32"),
    ];

    private static readonly (string Name, string Type)[] MicrobarColumns =
    [
        ("o", "Float64"), ("h", "Float64"), ("l", "Float64"), ("c", "Float64"), ("v", "Float64"),
        ("vwap", "Nullable(Float64)"), ("count", "UInt64"),
    ];

    private static readonly string[] SignalValueColumns =
    [
        "macd", "macd_signal", "macd_hist", "ema12", "ema26", "rsi14", "boll_mid", "boll_upper", "boll_lower",
        "vwap_session", "vwap_w5m", "imbalance_spread", "imbalance_bid_px", "imbalance_ask_px",
        "imbalance_bid_sz", "imbalance_ask_sz", "vol_realized_w60s",
    ];

    /// <summary>Column names of ta_microbars in table order (the INSERT list and the RowBinary field order).</summary>
    public static readonly string[] MicrobarColumnNames = [.. SharedColumns.Select(c => c.Name), .. MicrobarColumns.Select(c => c.Name)];
    public static readonly string[] SignalColumnNames = [.. SharedColumns.Select(c => c.Name), .. SignalValueColumns];

    public static string CreateDatabase(ClickHouseOptions options) =>
        $"CREATE DATABASE IF NOT EXISTS {options.QuotedDatabase}{OnCluster(options)}";

    public static string CreateMicrobars(ClickHouseOptions options, SchemaFlavour flavour) =>
        CreateTable(options, flavour, Microbars, MicrobarColumns);

    public static string CreateSignals(ClickHouseOptions options, SchemaFlavour flavour) =>
        CreateTable(options, flavour, Signals, SignalColumns);

    /// <summary>All statements of schema init, in order.</summary>
    public static IReadOnlyList<string> Statements(ClickHouseOptions options, SchemaFlavour flavour) =>
        [CreateDatabase(options), CreateMicrobars(options, flavour), CreateSignals(options, flavour)];

    private static string OnCluster(ClickHouseOptions options) => options.Replicated ? $" ON CLUSTER `{options.Cluster}`" : "";

    /// <summary>
    /// Each table's columns as the server reports them (name, type; ALIAS columns too), for verifying tables a DBA
    /// created instead of creating them.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Type)>> ExpectedColumns(SchemaFlavour flavour) =>
        new Dictionary<string, IReadOnlyList<(string, string)>>
        {
            [Microbars] = Columns(flavour, MicrobarColumns).Select(c => (c.Name, c.Type)).ToList(),
            [Signals] = Columns(flavour, SignalColumns).Select(c => (c.Name, c.Type)).ToList(),
        };

    private static readonly (string Name, string Type)[] SignalColumns = SignalValueColumns.Select(c => (c, "Nullable(Float64)")).ToArray();

    private static IEnumerable<(string Name, string Type, string? Alias)> Columns(SchemaFlavour flavour, (string Name, string Type)[] valueColumns)
    {
        foreach (var (name, type) in SharedColumns.Concat(valueColumns))
            yield return (name, type.Replace("{sym}", flavour.SymbolType).Replace("{ts}", flavour.TimestampType), null);
        if (!flavour.IsLegacy) yield break;
        // Readable time for operators on the epoch-ms layout; ALIAS columns are not stored and not in SELECT *.
        yield return ("event_time", "DateTime", "toDateTime(intDiv(event_ts, 1000))");
        yield return ("window_end_time", "Nullable(DateTime)", "toDateTime(intDiv(window_end, 1000))");
    }

    private static string CreateTable(ClickHouseOptions options, SchemaFlavour flavour, string table, (string Name, string Type)[] valueColumns)
    {
        var sql = new StringBuilder();
        sql.Append($"CREATE TABLE IF NOT EXISTS {options.QuotedDatabase}.`{table}`{OnCluster(options)}\n(\n");
        foreach (var (name, type, alias) in Columns(flavour, valueColumns))
            sql.Append($"    `{name}` {type}{(alias is null ? "" : " ALIAS " + alias)},\n");
        sql.Length -= 2;
        sql.Append("\n)\n");
        var engine = options.Replicated
            ? $"ReplicatedReplacingMergeTree('/clickhouse/tables/{{cluster}}/{{shard}}/{table}', '{{replica}}', ingest_ts)"
            : "ReplacingMergeTree(ingest_ts)";
        sql.Append($"ENGINE = {engine}\nPARTITION BY {flavour.PartitionKey}\nORDER BY (symbol, event_ts, seq)\n");
        var ttl = flavour.TtlClause(options.TtlDays);
        if (ttl.Length > 0) sql.Append(ttl).Append('\n');
        sql.Append("SETTINGS index_granularity = 8192");
        return sql.ToString();
    }
}
