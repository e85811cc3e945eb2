using Torghut.LocalServers;
using System.Diagnostics;
using System.Net.Http.Headers;
using Torghut.Host.Analysis;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Storage.DuckDb;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>sink</c>: rows/s that <see cref="ClickHouseTaStore.WriteAsync"/> lands in a real ClickHouse 18.16 on loopback
/// (worker-sized batches, default options), against the same rows pre-encoded as RowBinary and sent as one bulk
/// <c>INSERT … FORMAT RowBinary</c> per table with a bare HttpClient into the same server — what the server takes
/// with no client work at all. DuckDB is a diagnostic row: an embedded store has no comparable raw path here.
/// </summary>
public static class SinkBenchmark
{
    public const double TargetRatio = 0.5;
    private const int Seconds = 2_500;      // × 12 symbols: 30 k microbars + 30 k signals
    private const int BatchRows = 500;      // per table per INSERT: what the store sends at the default TA_CLICKHOUSE_BATCH_SIZE
    private const int BigBatchRows = 5_000; // the diagnostic with TA_CLICKHOUSE_BATCH_SIZE raised
    private const int Rounds = 2;           // alternated, best of each: one slow merge must not decide the ratio

    public static string Notes =>
        $"- sink: clickhouse-server 18.16 (Debian) started on loopback as the storage tests do, stopped by PID. Rows: {Seconds:N0} s × 12\n" +
        $"  symbols of steady-state output ({Seconds * 12:N0} microbars + {Seconds * 12:N0} signals, all groups defined, 70 % with a quote).\n" +
        $"  Subject: `ClickHouseTaStore.WriteAsync` with default options, called serially with {BatchRows} microbars + {BatchRows} signals per\n" +
        "  call (one INSERT's worth at the default `TA_CLICKHOUSE_BATCH_SIZE=500`). Baseline: the same rows pre-encoded\n" +
        "  with `TaRowBinary` (untimed) and sent as ONE `INSERT … FORMAT RowBinary` per table by a bare `HttpClient`. Each side\n" +
        $"  writes into a fresh database; {Rounds} alternated rounds, best of each; row counts checked after every round. A small\n" +
        "  untimed write warms connections and JIT first. DuckDB: `DuckDbTaStore.WriteAsync` on a fresh file, same batches,\n" +
        "  all rows (appender into a staging table, one upsert per batch); diagnostic, compared with the ClickHouse bulk rate only\n" +
        "  for scale.\n" +
        $"  Diagnostics: the bare `HttpClient` sending the pre-encoded rows in the store's {BatchRows}-row INSERTs (the server's own\n" +
        $"  per-INSERT cost: each INSERT becomes a new part on disk), and the store with `BatchSize = {BigBatchRows:N0}` fed\n" +
        $"  {BigBatchRows:N0}+{BigBatchRows:N0} rows per call.\n";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(TextWriter log)
    {
        var (bars, signals) = SinkRows.Build(Seconds);
        var rows = bars.Count + signals.Count;
        await using var server = await ClickHouseLocalServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(2) };
        await StoreWriteAsync(server, bars.GetRange(0, BatchRows), signals.GetRange(0, BatchRows), BatchRows); // warm-up
        await BulkInsertAsync(server, http, bars.GetRange(0, BatchRows), signals.GetRange(0, BatchRows), BatchRows);
        double store = 0, bulk = 0, chunked = 0, bigStore = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var s = await StoreWriteAsync(server, bars, signals, BatchRows);
            var b = await BulkInsertAsync(server, http, bars, signals, bars.Count);
            var c = await BulkInsertAsync(server, http, bars, signals, BatchRows);
            var g = await StoreWriteAsync(server, bars, signals, BigBatchRows);
            log.WriteLine($"  round {round + 1}: store {rows / s:N0} rows/s, bulk insert {rows / b:N0} rows/s, " +
                $"bare {BatchRows}-row inserts {rows / c:N0} rows/s, store at batch {BigBatchRows} {rows / g:N0} rows/s");
            store = Math.Max(store, rows / s);
            bulk = Math.Max(bulk, rows / b);
            chunked = Math.Max(chunked, rows / c);
            bigStore = Math.Max(bigStore, rows / g);
        }
        var duck = await DuckDbAsync(bars, signals);
        log.WriteLine($"  duckdb store {duck:N0} rows/s");
        return
        [
            new BenchResult($"sink (ClickHouse 18.16 loopback, {rows:N0} rows)",
                $"ClickHouseTaStore.WriteAsync, {BatchRows}+{BatchRows} rows per call (rows/s)", store,
                "one bulk INSERT … FORMAT RowBinary per table, pre-encoded, bare HttpClient", bulk,
                $"≥ {TargetRatio:P0} of the bulk insert", store / bulk >= TargetRatio),
            new BenchResult($"sink, {BatchRows}-row INSERTs without the store, diagnostic",
                $"bare HttpClient, pre-encoded, {BatchRows}-row INSERT … FORMAT RowBinary (rows/s)", chunked,
                "one bulk INSERT per table", bulk, "none: the server's per-INSERT floor at the store's batch size", null),
            new BenchResult($"sink, BatchSize {BigBatchRows:N0}, diagnostic",
                $"ClickHouseTaStore.WriteAsync, {BigBatchRows:N0}+{BigBatchRows:N0} rows per call (rows/s)", bigStore,
                "one bulk INSERT per table", bulk, "none: what a larger TA_CLICKHOUSE_BATCH_SIZE buys", null),
            new BenchResult($"sink DuckDB ({rows:N0} rows), diagnostic",
                $"DuckDbTaStore.WriteAsync, {BatchRows}+{BatchRows} rows per call (rows/s)", duck,
                "ClickHouse bulk insert above (scale only)", bulk, "none", null),
        ];
    }

    private static ClickHouseOptions Options(ClickHouseLocalServer server, int batchSize = BatchRows) => new()
    {
        Url = server.Url, BatchSize = batchSize, Database = "bench_" + Guid.NewGuid().ToString("N")[..12], InitAttempts = 10, InitRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Seconds the store took for every batch, serially, as the worker awaits each write.</summary>
    private static async Task<double> StoreWriteAsync(ClickHouseLocalServer server, List<TaMicrobar> bars, List<TaSignal> signals, int batchRows)
    {
        var options = Options(server, batchRows);
        await using var store = new ClickHouseTaStore(options);
        await store.EnsureSchemaAsync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < bars.Count; i += batchRows)
        {
            var n = Math.Min(batchRows, bars.Count - i);
            await store.WriteAsync(bars.GetRange(i, n), signals.GetRange(i, n));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await CheckCountsAsync(store, options.Database, bars.Count, signals.Count);
        return seconds;
    }

    /// <summary>Seconds for RowBinary INSERTs of <paramref name="chunk"/> pre-encoded rows each (encoding is not timed).</summary>
    private static async Task<double> BulkInsertAsync(ClickHouseLocalServer server, HttpClient http, List<TaMicrobar> bars, List<TaSignal> signals, int chunk)
    {
        var options = Options(server);
        await using var schemaOwner = new ClickHouseTaStore(options); // creates the same tables; not used to write
        await schemaOwner.EnsureSchemaAsync();
        var queries = new ClickHouseQueries(options, schemaOwner.Flavour!);
        var inserts = new List<(string Sql, ReadOnlyMemory<byte> Rows)>();
        for (var i = 0; i < bars.Count; i += chunk)
        {
            var n = Math.Min(chunk, bars.Count - i);
            var barBytes = new RowBinaryBuffer();
            foreach (var b in bars.GetRange(i, n)) TaRowBinary.Write(barBytes, b);
            var signalBytes = new RowBinaryBuffer();
            foreach (var s in signals.GetRange(i, n)) TaRowBinary.Write(signalBytes, s);
            inserts.Add((queries.InsertMicrobars, barBytes.WrittenMemory));
            inserts.Add((queries.InsertSignals, signalBytes.WrittenMemory));
        }
        var clock = Stopwatch.StartNew();
        foreach (var (sql, rows) in inserts) await PostAsync(http, sql, rows);
        var seconds = clock.Elapsed.TotalSeconds;
        await CheckCountsAsync(schemaOwner, options.Database, bars.Count, signals.Count);
        return seconds;
    }

    private static async Task PostAsync(HttpClient http, string sql, ReadOnlyMemory<byte> body)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync("?query=" + Uri.EscapeDataString(sql), content);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"bulk insert failed: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A rate of rows that never landed would be meaningless: every row must be there (keys are unique).</summary>
    private static async Task CheckCountsAsync(ClickHouseTaStore store, string database, int bars, int signals)
    {
        foreach (var (table, expected) in new[] { (ClickHouseSchema.Microbars, bars), (ClickHouseSchema.Signals, signals) })
        {
            var count = long.Parse((await store.QueryAsync($"SELECT count() FROM `{database}`.`{table}`")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (count != expected) throw new InvalidOperationException($"{table}: {count} rows landed, {expected} written");
        }
    }

    private static async Task<double> DuckDbAsync(List<TaMicrobar> bars, List<TaSignal> signals)
    {
        var dir = Directory.CreateTempSubdirectory("torghut-bench-duckdb").FullName;
        try
        {
            await using var store = new DuckDbTaStore(dir);
            await store.EnsureSchemaAsync();
            await store.WriteAsync(bars.GetRange(0, 10), signals.GetRange(0, 10)); // warm-up (same keys are upserted again below)
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < bars.Count; i += BatchRows)
            {
                var n = Math.Min(BatchRows, bars.Count - i);
                await store.WriteAsync(bars.GetRange(i, n), signals.GetRange(i, n));
            }
            return (bars.Count + signals.Count) / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
