using System.Data.Common;
using DuckDB.NET.Data;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage.ClickHouse;

namespace Torghut.Host.Storage.DuckDb;

/// <summary>
/// TA rows in an embedded DuckDB file (the default when no ClickHouse URL is set). One connection, one writer at a
/// time; a write is one transaction, so WriteAsync returning means the rows are committed to the file.
/// </summary>
public sealed class DuckDbTaStore : ITaStore
{
    public const string FileName = "torghut-ta.duckdb";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DuckDBConnection _connection;
    private bool _schemaReady;

    public DuckDbTaStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, FileName));
        _connection = new DuckDBConnection($"Data Source={Path}");
    }

    public string Path { get; }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady) return;
            try
            {
                if (_connection.State != System.Data.ConnectionState.Open) _connection.Open();
                Execute(DuckDbSchema.CreateMicrobars);
                Execute(DuckDbSchema.CreateSignals);
                Execute(DuckDbSchema.CreateStaging("ta_microbars", DuckDbSchema.MicrobarStagingValues));
                Execute(DuckDbSchema.CreateStaging("ta_signals", DuckDbSchema.SignalStagingValues));
            }
            catch (DbException e)
            {
                throw new StorageException($"DuckDB store at {Path} could not be opened: {e.Message}", e);
            }
            _schemaReady = true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private async Task<T> LockedAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        if (!_schemaReady) await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try { return action(); }
        finally { _gate.Release(); }
    }

    public Task WriteAsync(IReadOnlyList<TaMicrobar> microbars, IReadOnlyList<TaSignal> signals, CancellationToken cancellationToken = default) =>
        LockedAsync(() =>
        {
            using var transaction = _connection.BeginTransaction();
            // Bulk path: the appender fills a staging table, one INSERT … SELECT upserts the batch. Row-by-row
            // prepared upserts ran at ~150 rows/s, too slow for any replay.
            if (microbars.Count > 0)
            {
                using (var appender = _connection.CreateAppender(DuckDbSchema.Staging("ta_microbars")))
                    for (var i = 0; i < microbars.Count; i++)
                    {
                        var bar = microbars[i];
                        Shared(appender.CreateRow().AppendValue((long)i), bar.Symbol, bar.EventTs, bar.Seq, bar.IngestTs, bar.IsFinal, bar.Source, bar.Window, bar.Version)
                            .AppendValue(bar.Open).AppendValue(bar.High).AppendValue(bar.Low).AppendValue(bar.Close).AppendValue(bar.Volume)
                            .AppendValue(bar.Vwap).AppendValue(bar.Count).EndRow();
                    }
                Execute(DuckDbSchema.UpsertFromStaging("ta_microbars", DuckDbSchema.MicrobarValues));
            }
            if (signals.Count > 0)
            {
                using (var appender = _connection.CreateAppender(DuckDbSchema.Staging("ta_signals")))
                    for (var i = 0; i < signals.Count; i++)
                    {
                        var s = signals[i];
                        var row = Shared(appender.CreateRow().AppendValue((long)i), s.Symbol, s.EventTs, s.Seq, s.IngestTs, s.IsFinal, s.Source, s.Window, s.Version);
                        foreach (var value in SignalValues(s)) row = row.AppendValue(value);
                        row.EndRow();
                    }
                Execute(DuckDbSchema.UpsertFromStaging("ta_signals", DuckDbSchema.SignalValues));
            }
            transaction.Commit();
            return true;
        }, cancellationToken);

    private static double?[] SignalValues(TaSignal s) =>
    [
        s.Macd?.Macd, s.Macd?.Signal, s.Macd?.Hist, s.Ema?.Ema12, s.Ema?.Ema26, s.Rsi14, s.Boll?.Mid, s.Boll?.Upper, s.Boll?.Lower,
        s.Vwap?.Session, s.Vwap?.W5m, s.Imbalance?.Spread, s.Imbalance?.BidPx, s.Imbalance?.AskPx, s.Imbalance?.BidSz,
        s.Imbalance?.AskSz, s.VolRealizedW60s,
    ];

    private static IDuckDBAppenderRow Shared(IDuckDBAppenderRow row, string symbol, NanoTimestamp eventTs, long seq, NanoTimestamp ingestTs,
        bool isFinal, string source, TaWindow window, int version) =>
        row.AppendValue(symbol).AppendValue(eventTs.UnixNanoseconds).AppendValue(seq).AppendValue(ingestTs.UnixNanoseconds)
            .AppendValue(isFinal).AppendValue(source).AppendValue(window.Size).AppendValue(window.Step)
            .AppendValue(window.Start?.UnixNanoseconds).AppendValue(window.End?.UnixNanoseconds).AppendValue(version);

    public Task<StoreFreshness> FreshnessAsync(string? symbol = null, CancellationToken cancellationToken = default) =>
        LockedAsync(() =>
        {
            var where = symbol is null ? "" : " WHERE symbol = $symbol";
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT (SELECT epoch_ns(max(event_ts)) FROM ta_signals{where}), (SELECT epoch_ns(max(window_end)) FROM ta_microbars{where})";
            if (symbol is not null) command.Parameters.Add(new DuckDBParameter("symbol", symbol));
            using var reader = command.ExecuteReader();
            reader.Read();
            return new StoreFreshness(NullableNanos(reader, 0), NullableNanos(reader, 1));
        }, cancellationToken);

    public Task<IReadOnlyDictionary<string, StoreFreshness>> RecentFreshnessAsync(IReadOnlyCollection<string> symbols, NanoTimestamp since,
        CancellationToken cancellationToken = default) =>
        LockedAsync<IReadOnlyDictionary<string, StoreFreshness>>(() =>
        {
            // The embedded file holds a laptop's history: every symbol's recent maxima in one pass, filtered here.
            var wanted = symbols as IReadOnlySet<string> ?? symbols.ToHashSet(StringComparer.Ordinal);
            return StoreFreshness.BySymbol(
                NewestBySymbol("ta_signals", "event_ts", since).Where(r => wanted.Contains(r.Symbol)),
                NewestBySymbol("ta_microbars", "window_end", since).Where(r => wanted.Contains(r.Symbol)));
        }, cancellationToken);

    private List<(string Symbol, NanoTimestamp? Newest)> NewestBySymbol(string table, string column, NanoTimestamp since)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT symbol, epoch_ns(max({column})) FROM {table} WHERE event_ts >= make_timestamp_ns($since) GROUP BY symbol";
        command.Parameters.Add(new DuckDBParameter("since", since.UnixNanoseconds));
        using var reader = command.ExecuteReader();
        var rows = new List<(string, NanoTimestamp?)>();
        while (reader.Read()) rows.Add((reader.GetString(0), NullableNanos(reader, 1)));
        return rows;
    }

    public Task<IReadOnlyDictionary<string, (long Microbars, long Signals)>> RowCountsAsync(NanoTimestamp from, NanoTimestamp to,
        CancellationToken cancellationToken = default) =>
        LockedAsync<IReadOnlyDictionary<string, (long, long)>>(() =>
        {
            var result = new SortedDictionary<string, (long Microbars, long Signals)>(StringComparer.Ordinal);
            foreach (var (symbol, n) in CountBySymbol("ta_microbars", from, to)) result[symbol] = (n, 0);
            foreach (var (symbol, n) in CountBySymbol("ta_signals", from, to))
                result[symbol] = (result.TryGetValue(symbol, out var c) ? c.Microbars : 0, n);
            return result;
        }, cancellationToken);

    private List<(string, long)> CountBySymbol(string table, NanoTimestamp from, NanoTimestamp to)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT symbol, count(*) FROM {table} WHERE {Between} GROUP BY symbol ORDER BY symbol";
        AddWindow(command, from, to);
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.GetInt64(1)));
        return rows;
    }

    private const string Between = "event_ts BETWEEN make_timestamp_ns($from) AND make_timestamp_ns($to)";

    private static void AddWindow(DuckDBCommand command, NanoTimestamp from, NanoTimestamp to)
    {
        command.Parameters.Add(new DuckDBParameter("from", from.UnixNanoseconds));
        command.Parameters.Add(new DuckDBParameter("to", to.UnixNanoseconds));
    }

    public Task<IReadOnlyList<TaMicrobar>> MicrobarsAsync(string symbol, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default) =>
        LockedAsync<IReadOnlyList<TaMicrobar>>(() => Read(
            $"SELECT {DuckDbSchema.SelectList(DuckDbSchema.MicrobarValues)} FROM ta_microbars WHERE symbol = $symbol AND {Between} ORDER BY event_ts, seq",
            symbol, null, from, to, r => TaRowReader.Microbar(r, 1)), cancellationToken);

    public Task<IReadOnlyList<TaSignal>> SignalsAsync(string symbol, Cadence cadence, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default) =>
        LockedAsync<IReadOnlyList<TaSignal>>(() => Read(
            $"SELECT {DuckDbSchema.SelectList(DuckDbSchema.SignalValues)} FROM ta_signals WHERE symbol = $symbol AND window_size = $size AND {Between} ORDER BY event_ts, seq",
            symbol, TaRowBinary.CadenceWindowSize(cadence), from, to, r => TaRowReader.Signal(r, 1)), cancellationToken);

    public Task<IReadOnlyList<TaMicrobar>> MicrobarsBeforeAsync(string symbol, NanoTimestamp from, NanoTimestamp before, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return LockedAsync<IReadOnlyList<TaMicrobar>>(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $"SELECT {DuckDbSchema.SelectList(DuckDbSchema.MicrobarValues)} FROM ta_microbars " +
                                  "WHERE symbol = $symbol AND event_ts >= make_timestamp_ns($from) AND event_ts < make_timestamp_ns($before) " +
                                  "ORDER BY event_ts DESC, seq DESC LIMIT $limit";
            command.Parameters.Add(new DuckDBParameter("symbol", symbol));
            command.Parameters.Add(new DuckDBParameter("from", from.UnixNanoseconds));
            command.Parameters.Add(new DuckDBParameter("before", before.UnixNanoseconds));
            command.Parameters.Add(new DuckDBParameter("limit", (long)limit));
            using var reader = command.ExecuteReader();
            var bars = new List<TaMicrobar>();
            while (reader.Read()) bars.Add(TaRowReader.Microbar(TabSeparatedRows.FromCells(Cells(reader)), 1));
            bars.Reverse();
            return bars;
        }, cancellationToken);
    }

    public Task<MicrobarSums> MicrobarSumsAsync(string symbol, NanoTimestamp from, NanoTimestamp toExclusive, CancellationToken cancellationToken = default) =>
        LockedAsync(() =>
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT coalesce(sum(c * v), 0), coalesce(sum(v), 0), count(*) FROM ta_microbars " +
                                  "WHERE symbol = $symbol AND event_ts >= make_timestamp_ns($from) AND event_ts < make_timestamp_ns($to)";
            command.Parameters.Add(new DuckDBParameter("symbol", symbol));
            command.Parameters.Add(new DuckDBParameter("from", from.UnixNanoseconds));
            command.Parameters.Add(new DuckDBParameter("to", toExclusive.UnixNanoseconds));
            using var reader = command.ExecuteReader();
            reader.Read();
            return new MicrobarSums(reader.GetDouble(0), reader.GetDouble(1), reader.GetInt64(2));
        }, cancellationToken);

    /// <summary>
    /// Renders each row as text cells (doubles with "R", exact) so both stores build records with one mapping
    /// (<see cref="TaRowReader"/>; timestamps here are epoch nanoseconds).
    /// </summary>
    private List<T> Read<T>(string sql, string symbol, string? windowSize, NanoTimestamp from, NanoTimestamp to, Func<TabSeparatedRows, T> map)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new DuckDBParameter("symbol", symbol));
        if (windowSize is not null) command.Parameters.Add(new DuckDBParameter("size", windowSize));
        AddWindow(command, from, to);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(TabSeparatedRows.FromCells(Cells(reader))));
        return rows;
    }

    private static string?[] Cells(DbDataReader reader)
    {
        var cells = new string?[reader.FieldCount];
        for (var i = 0; i < cells.Length; i++)
            cells[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) switch
            {
                bool b => b ? "1" : "0",
                double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                var v => v.ToString(),
            };
        return cells;
    }

    private static NanoTimestamp? NullableNanos(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : new NanoTimestamp(reader.GetInt64(i));

    public override string ToString() => $"DuckDbTaStore({Path})";

    public ValueTask DisposeAsync()
    {
        _connection.Dispose();
        _gate.Dispose();
        return ValueTask.CompletedTask;
    }
}
