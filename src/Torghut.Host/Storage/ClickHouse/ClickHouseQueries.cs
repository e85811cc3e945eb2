using System.Text;
using Torghut.Host.Analysis;

namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// Every read the store issues, per flavour. Timestamps go out as Int64 epoch milliseconds (see
/// <see cref="SchemaFlavour.EpochMs"/>) and come back in TabSeparated, so one parser serves both flavours. Row reads
/// and counts use FINAL (dedup before the merge has happened); the freshness maxima skip it because a duplicate cannot
/// change a max, and FINAL would make the 30 s guardrail scrape merge on read.
/// </summary>
public sealed class ClickHouseQueries(ClickHouseOptions options, SchemaFlavour flavour)
{
    private string Table(string name) => $"{options.QuotedDatabase}.`{name}`";

    public string InsertMicrobars => Insert(ClickHouseSchema.Microbars, ClickHouseSchema.MicrobarColumnNames);
    public string InsertSignals => Insert(ClickHouseSchema.Signals, ClickHouseSchema.SignalColumnNames);

    private string Insert(string table, string[] columns) =>
        $"INSERT INTO {Table(table)} ({string.Join(", ", columns)}) FORMAT RowBinary";

    /// <summary>One row: max event_ts of signals, max window_end of microbars, as epoch ms (0 = no rows).</summary>
    public string Freshness(string? symbol)
    {
        // The whole table: max of the partition key column (event_ts), which a current server answers from its parts'
        // min/max index without reading rows. A microbar's event_ts is its window end, so it serves for window_end.
        if (symbol is null)
            return $"SELECT (SELECT ifNull({flavour.EpochMs("max(event_ts)")}, 0) FROM {Table(ClickHouseSchema.Signals)}), " +
                   $"(SELECT ifNull({flavour.EpochMs("max(event_ts)")}, 0) FROM {Table(ClickHouseSchema.Microbars)}) FORMAT TabSeparated";
        // One symbol: its newest row by the sort key (symbol, event_ts, …), which a current server reads backwards
        // from the end of the symbol's range (read in order) instead of scanning its whole history for a max.
        return $"SELECT (SELECT ifNull(max(e), 0) FROM ({NewestRow(ClickHouseSchema.Signals, "event_ts", symbol)})), " +
               $"(SELECT ifNull(max(e), 0) FROM ({NewestRow(ClickHouseSchema.Microbars, "window_end", symbol)})) FORMAT TabSeparated";
    }

    private string NewestRow(string table, string column, string symbol) =>
        $"SELECT {flavour.EpochMs(column)} AS e FROM {Table(table)} WHERE symbol = {Quote(symbol)} ORDER BY event_ts DESC LIMIT 1";

    /// <summary>
    /// symbol, newest <paramref name="column"/> as epoch ms, over the symbols' rows with event_ts ≥ since: the sort key
    /// (symbol, event_ts, …) limits the read to each symbol's recent granules.
    /// </summary>
    public string NewestBySymbol(string table, string column, IEnumerable<string> symbols, long sinceMs) =>
        $"SELECT symbol, ifNull({flavour.EpochMs($"max({column})")}, 0) FROM {Table(table)} " +
        $"WHERE symbol IN ({string.Join(", ", symbols.Select(Quote))}) AND event_ts >= {flavour.Literal(sinceMs)} GROUP BY symbol FORMAT TabSeparated";

    /// <summary>symbol, rows — deduplicated rows per symbol with event_ts in [from, to].</summary>
    public string CountBySymbol(string table, long fromMs, long toMs) =>
        $"SELECT symbol, count() FROM {Table(table)} FINAL WHERE {Between(fromMs, toMs)} GROUP BY symbol ORDER BY symbol FORMAT TabSeparated";

    public string Microbars(string symbol, long fromMs, long toMs) =>
        $"SELECT {SharedSelect}, o, h, l, c, v, vwap, count FROM {Table(ClickHouseSchema.Microbars)} FINAL " +
        $"WHERE symbol = {Quote(symbol)} AND {Between(fromMs, toMs)} ORDER BY event_ts ASC, seq ASC FORMAT TabSeparated";

    /// <summary>The newest <paramref name="limit"/> bars in [from, before), newest first (the caller reverses them).</summary>
    public string MicrobarsBefore(string symbol, long fromMs, long beforeMs, int limit) =>
        $"SELECT {SharedSelect}, o, h, l, c, v, vwap, count FROM {Table(ClickHouseSchema.Microbars)} FINAL " +
        $"WHERE symbol = {Quote(symbol)} AND event_ts >= {flavour.Literal(fromMs)} AND event_ts < {flavour.Literal(beforeMs)} ORDER BY event_ts DESC, seq DESC " +
        $"LIMIT {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} FORMAT TabSeparated";

    /// <summary>One row: Σ(c·v), Σv, count of a symbol's bars with event_ts in [from, to).</summary>
    public string MicrobarSums(string symbol, long fromMs, long toExclusiveMs) =>
        $"SELECT sum(c * v), sum(v), count() FROM {Table(ClickHouseSchema.Microbars)} FINAL WHERE symbol = {Quote(symbol)} " +
        $"AND event_ts >= {flavour.Literal(fromMs)} AND event_ts < {flavour.Literal(toExclusiveMs)} FORMAT TabSeparated";

    public string Signals(string symbol, Cadence cadence, long fromMs, long toMs) =>
        $"SELECT {SharedSelect}, macd, macd_signal, macd_hist, ema12, ema26, rsi14, boll_mid, boll_upper, boll_lower, " +
        "vwap_session, vwap_w5m, imbalance_spread, imbalance_bid_px, imbalance_ask_px, imbalance_bid_sz, imbalance_ask_sz, " +
        $"vol_realized_w60s FROM {Table(ClickHouseSchema.Signals)} FINAL WHERE symbol = {Quote(symbol)} " +
        $"AND window_size = {Quote(TaRowBinary.CadenceWindowSize(cadence))} AND {Between(fromMs, toMs)} " +
        "ORDER BY event_ts ASC, seq ASC FORMAT TabSeparated";

    public string OptimizeFinal(string table) => $"OPTIMIZE TABLE {Table(table)} FINAL";

    private string SharedSelect =>
        $"symbol, {flavour.EpochMs("event_ts")}, seq, {flavour.EpochMs("ingest_ts")}, is_final, source, window_size, " +
        $"window_step, {flavour.EpochMs("window_start")}, {flavour.EpochMs("window_end")}, version";

    private string Between(long fromMs, long toMs) =>
        $"event_ts >= {flavour.Literal(fromMs)} AND event_ts <= {flavour.Literal(toMs)}";

    /// <summary>A ClickHouse string literal (backslash escapes work on every version; 18.16 has no query parameters).</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '\0': sb.Append(@"\0"); break;
                default: sb.Append(ch); break;
            }
        }
        return sb.Append('\'').ToString();
    }
}
