using Torghut.LocalServers;
using System.Diagnostics;
using System.Net.Http.Headers;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Storage.DuckDb;
using Torghut.Host.Transport;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>sink</c>: rows/s that the TA worker's write path (<see cref="TaStoreWriter"/> over <see cref="ClickHouseTaStore"/>,
/// default options, fed worker-sized batches) lands in a real ClickHouse 18.16 on loopback, against the same rows
/// pre-encoded as RowBinary and sent as one bulk <c>INSERT … FORMAT RowBinary</c> per table with a bare HttpClient into
/// the same server — what the server takes with no client work at all. The store called directly per worker batch,
/// bare per-batch INSERTs and DuckDB are diagnostic rows.
/// </summary>
public static class SinkBenchmark
{
    public const double TargetRatio = 0.5;
    // × 12 symbols: 300 k microbars + 300 k signals, six full 50,000-row writes per table for the writer, so the
    // number is not decided by one write or one merge.
    private const int Seconds = 25_000;
    // Rows per table per worker batch: what a worker hands over after one catch-up consume batch (TA_BATCH_MAX =
    // 50,000 trades at ~10 trades per 1 s bar ≈ 5,000 bars + 5,000 signals). Live traffic hands over far fewer.
    private const int CallRows = 5_000;
    private const int UpstreamBatchSize = 500; // upstream's TA_CLICKHOUSE_BATCH_SIZE, the diagnostic
    private const int Rounds = 2;              // alternated, best of each: one slow merge must not decide the ratio
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(1000); // TA_CLICKHOUSE_FLUSH_MS default

    public static string Notes =>
        $"- sink: clickhouse-server 18.16 (Debian) started on loopback as the storage tests do, stopped by PID. Rows: {Seconds:N0} s × 12\n" +
        $"  symbols of steady-state output ({Seconds * 12:N0} microbars + {Seconds * 12:N0} signals, all groups defined, 70 % with a quote).\n" +
        $"  Subject: the TA worker's write path, `TaStoreWriter` (write-behind) over `ClickHouseTaStore`, default options\n" +
        $"  (`TA_CLICKHOUSE_BATCH_SIZE` {ClickHouseOptions.DefaultBatchSize:N0}, `TA_CLICKHOUSE_FLUSH_MS` {FlushInterval.TotalMilliseconds:0}), handed {CallRows:N0} microbars + {CallRows:N0} signals at a time\n" +
        "  with one offset each, as the worker hands over one catch-up consume batch (`TA_BATCH_MAX` 50,000 trades at ~10\n" +
        "  trades per bar), taking ready offsets after each hand-off as the worker does; timed until every row is acknowledged.\n" +
        "  Baseline: the same rows pre-encoded with `TaRowBinary` (untimed) and sent as ONE `INSERT … FORMAT RowBinary` per\n" +
        $"  table by a bare `HttpClient`. Each side writes into a fresh database; {Rounds} alternated rounds, best of each; row counts\n" +
        "  checked after every round. A small untimed write warms connections and JIT first.\n" +
        $"  Diagnostics: `ClickHouseTaStore.WriteAsync` called directly per {CallRows:N0}+{CallRows:N0}-row batch (the worker's path before\n" +
        $"  the write-behind: one INSERT per table per batch); the bare `HttpClient` sending the pre-encoded rows as serial {CallRows:N0}-row\n" +
        "  INSERTs (the server's per-INSERT cost: each INSERT becomes a new part on disk); the store at upstream's\n" +
        $"  `TA_CLICKHOUSE_BATCH_SIZE={UpstreamBatchSize}`; DuckDB (`DuckDbTaStore` on a fresh file, all rows, through the writer and called\n" +
        $"  directly per {CallRows:N0}-row batch; compared with the ClickHouse bulk rate only for scale).\n";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(TextWriter log)
    {
        var (bars, signals) = SinkRows.Build(Seconds);
        var rows = bars.Count + signals.Count;
        var defaultBatch = ClickHouseOptions.DefaultBatchSize;
        await using var server = await ClickHouseLocalServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(2) };
        await StoreWriteAsync(server, bars.GetRange(0, 500), signals.GetRange(0, 500), 500, defaultBatch); // warm-up
        await WorkerPathAsync(server, bars.GetRange(0, 500), signals.GetRange(0, 500), 100);
        await BulkInsertAsync(server, http, bars.GetRange(0, 500), signals.GetRange(0, 500), 500);
        double writer = 0, store = 0, bulk = 0, chunked = 0, upstream = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var w = await WorkerPathAsync(server, bars, signals, CallRows);
            var b = await BulkInsertAsync(server, http, bars, signals, bars.Count);
            var s = await StoreWriteAsync(server, bars, signals, CallRows, defaultBatch);
            var c = await BulkInsertAsync(server, http, bars, signals, CallRows);
            var u = await StoreWriteAsync(server, bars, signals, CallRows, UpstreamBatchSize);
            log.WriteLine($"  round {round + 1}: worker write path {rows / w:N0} rows/s, bulk insert {rows / b:N0} rows/s, " +
                $"store per batch {rows / s:N0} rows/s, bare {CallRows}-row inserts {rows / c:N0} rows/s, store at batch {UpstreamBatchSize} {rows / u:N0} rows/s");
            writer = Math.Max(writer, rows / w);
            bulk = Math.Max(bulk, rows / b);
            store = Math.Max(store, rows / s);
            chunked = Math.Max(chunked, rows / c);
            upstream = Math.Max(upstream, rows / u);
        }
        var duckWriter = await DuckDbAsync(bars, signals, throughWriter: true);
        var duck = await DuckDbAsync(bars, signals, throughWriter: false);
        log.WriteLine($"  duckdb through the writer {duckWriter:N0} rows/s, called per batch {duck:N0} rows/s");
        return
        [
            new BenchResult($"sink (ClickHouse 18.16 loopback, {rows:N0} rows)",
                $"TA worker write path: TaStoreWriter over ClickHouseTaStore, defaults, {CallRows:N0}+{CallRows:N0} rows per hand-off, until all acknowledged (rows/s)", writer,
                "one bulk INSERT … FORMAT RowBinary per table, pre-encoded, bare HttpClient", bulk,
                $"≥ {TargetRatio:P0} of the bulk insert", writer / bulk >= TargetRatio),
            new BenchResult($"sink, store called per worker batch, diagnostic",
                $"ClickHouseTaStore.WriteAsync, defaults, {CallRows:N0}+{CallRows:N0} rows per call, serially (rows/s)", store,
                "one bulk INSERT per table", bulk, "none: the worker's path without the write-behind", null),
            new BenchResult($"sink, serial {CallRows:N0}-row INSERTs without the store, diagnostic",
                $"bare HttpClient, pre-encoded, {CallRows:N0}-row INSERT … FORMAT RowBinary, one at a time (rows/s)", chunked,
                "one bulk INSERT per table", bulk, "none: the server's per-INSERT floor at this call size", null),
            new BenchResult($"sink, TA_CLICKHOUSE_BATCH_SIZE {UpstreamBatchSize} (upstream), diagnostic",
                $"ClickHouseTaStore.WriteAsync, BatchSize {UpstreamBatchSize}, {CallRows:N0}+{CallRows:N0} rows per call (rows/s)", upstream,
                "one bulk INSERT per table", bulk, "none: why the default is no longer upstream's 500", null),
            new BenchResult($"sink DuckDB through the writer ({rows:N0} rows), diagnostic",
                $"TaStoreWriter over DuckDbTaStore, defaults, {CallRows:N0}+{CallRows:N0} rows per hand-off (rows/s)", duckWriter,
                "ClickHouse bulk insert above (scale only)", bulk, "none", null),
            new BenchResult($"sink DuckDB per batch ({rows:N0} rows), diagnostic",
                $"DuckDbTaStore.WriteAsync, {CallRows:N0}+{CallRows:N0} rows per call (rows/s)", duck,
                "ClickHouse bulk insert above (scale only)", bulk, "none", null),
        ];
    }

    /// <summary>
    /// Seconds the worker's write path takes: hand-offs of <paramref name="batchRows"/> rows per table to a
    /// <see cref="TaStoreWriter"/> with default options (each with one offset, ready offsets taken after each hand-off
    /// as the worker does), until the store acknowledged every row.
    /// </summary>
    private static async Task<double> WorkerPathAsync(ClickHouseLocalServer server, List<TaMicrobar> bars, List<TaSignal> signals, int batchRows)
    {
        var options = Options(server);
        await using var store = new ClickHouseTaStore(options);
        await store.EnsureSchemaAsync();
        var seconds = await ThroughWriterAsync(store, bars, signals, batchRows);
        await CheckCountsAsync(store, options.Database, bars.Count, signals.Count);
        return seconds;
    }

    private static async Task<double> ThroughWriterAsync(ITaStore store, List<TaMicrobar> bars, List<TaSignal> signals, int batchRows)
    {
        var clock = Stopwatch.StartNew();
        await using var writer = new TaStoreWriter(store, ClickHouseOptions.DefaultBatchSize, FlushInterval);
        long committed = 0;
        for (var i = 0; i < bars.Count; i += batchRows)
        {
            var n = Math.Min(batchRows, bars.Count - i);
            await writer.HandOffAsync(bars.GetRange(i, n), signals.GetRange(i, n), [new PartitionOffset("torghut.trades.v1", 0, i + n)]);
            foreach (var c in writer.TakeReadyCommits()) committed = c.NextOffset;
        }
        // Whole 50,000-row writes leave nothing for the interval; a remainder (warm-up) is flushed as a stopping worker does.
        await writer.DrainAsync();
        foreach (var c in writer.TakeReadyCommits()) committed = c.NextOffset;
        var seconds = clock.Elapsed.TotalSeconds;
        if (committed != bars.Count) throw new InvalidOperationException($"writer released offset {committed}, expected {bars.Count}");
        return seconds;
    }

    private static ClickHouseOptions Options(ClickHouseLocalServer server, int? batchSize = null) => new()
    {
        Url = server.Url, BatchSize = batchSize ?? ClickHouseOptions.DefaultBatchSize, Database = "bench_" + Guid.NewGuid().ToString("N")[..12], InitAttempts = 10, InitRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Seconds the store took for every batch, serially, as the worker awaits each write.</summary>
    private static async Task<double> StoreWriteAsync(ClickHouseLocalServer server, List<TaMicrobar> bars, List<TaSignal> signals, int batchRows, int batchSize)
    {
        var options = Options(server, batchSize);
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

    private static async Task<double> DuckDbAsync(List<TaMicrobar> bars, List<TaSignal> signals, bool throughWriter)
    {
        var dir = Directory.CreateTempSubdirectory("torghut-bench-duckdb").FullName;
        try
        {
            await using var store = new DuckDbTaStore(dir);
            await store.EnsureSchemaAsync();
            await store.WriteAsync(bars.GetRange(0, 10), signals.GetRange(0, 10)); // warm-up (same keys are upserted again below)
            if (throughWriter) return (bars.Count + signals.Count) / await ThroughWriterAsync(store, bars, signals, CallRows);
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < bars.Count; i += CallRows)
            {
                var n = Math.Min(CallRows, bars.Count - i);
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
