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
    private const int Seconds = 10_000;     // × 12 symbols: 120 k microbars + 120 k signals
    private const int BatchRows = 500;      // per table per WriteAsync: what BatchingTaWriter hands over at the default batch size
    private const int DuckDbSeconds = 500;  // row-by-row upserts are slow; a slice gives a stable rate
    private const int Rounds = 2;           // alternated, best of each: one slow merge must not decide the ratio

    public static string Notes =>
        $"- sink: clickhouse-server 18.16 (Debian) started on loopback as the storage tests do, stopped by PID. Rows: {Seconds:N0} s × 12\n" +
        $"  symbols of steady-state output ({Seconds * 12:N0} microbars + {Seconds * 12:N0} signals, all groups defined, 70 % with a quote).\n" +
        $"  Subject: `ClickHouseTaStore.WriteAsync` with default options, called serially with {BatchRows} microbars + {BatchRows} signals per\n" +
        "  call (the batch `BatchingTaWriter` hands over at `TA_CLICKHOUSE_BATCH_SIZE=500`). Baseline: the same rows pre-encoded\n" +
        "  with `TaRowBinary` (untimed) and sent as ONE `INSERT … FORMAT RowBinary` per table by a bare `HttpClient`. Each side\n" +
        $"  writes into a fresh database; {Rounds} alternated rounds, best of each; row counts checked after every round. A small\n" +
        "  untimed write warms connections and JIT first. DuckDB: `DuckDbTaStore.WriteAsync` on a fresh file, same batches,\n" +
        $"  first {DuckDbSeconds * 12 * 2:N0} rows; diagnostic, compared with the ClickHouse bulk rate only for scale.\n";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(TextWriter log)
    {
        var (bars, signals) = SinkRows.Build(Seconds);
        var rows = bars.Count + signals.Count;
        await using var server = await ClickHouseServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Url, Timeout = TimeSpan.FromMinutes(2) };
        await StoreWriteAsync(server, bars.GetRange(0, BatchRows), signals.GetRange(0, BatchRows)); // warm-up
        await BulkInsertAsync(server, http, bars.GetRange(0, BatchRows), signals.GetRange(0, BatchRows));
        double store = 0, bulk = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var s = await StoreWriteAsync(server, bars, signals);
            var b = await BulkInsertAsync(server, http, bars, signals);
            log.WriteLine($"  round {round + 1}: store {rows / s:N0} rows/s ({s:F2} s), bulk insert {rows / b:N0} rows/s ({b:F2} s)");
            store = Math.Max(store, rows / s);
            bulk = Math.Max(bulk, rows / b);
        }
        var duck = await DuckDbAsync(bars.GetRange(0, DuckDbSeconds * 12), signals.GetRange(0, DuckDbSeconds * 12));
        log.WriteLine($"  duckdb store {duck:N0} rows/s");
        return
        [
            new BenchResult($"sink (ClickHouse 18.16 loopback, {rows:N0} rows)",
                $"ClickHouseTaStore.WriteAsync, {BatchRows}+{BatchRows} rows per call (rows/s)", store,
                "one bulk INSERT … FORMAT RowBinary per table, pre-encoded, bare HttpClient", bulk,
                $"≥ {TargetRatio:P0} of the bulk insert", store / bulk >= TargetRatio),
            new BenchResult($"sink DuckDB ({DuckDbSeconds * 24:N0} rows), diagnostic",
                $"DuckDbTaStore.WriteAsync, {BatchRows}+{BatchRows} rows per call (rows/s)", duck,
                "ClickHouse bulk insert above (scale only)", bulk, "none", null),
        ];
    }

    private static ClickHouseOptions Options(ClickHouseServer server) => new()
    {
        Url = server.Url, Database = "bench_" + Guid.NewGuid().ToString("N")[..12], InitAttempts = 10, InitRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>Seconds the store took for every batch, serially, as the worker awaits each write.</summary>
    private static async Task<double> StoreWriteAsync(ClickHouseServer server, List<TaMicrobar> bars, List<TaSignal> signals)
    {
        var options = Options(server);
        await using var store = new ClickHouseTaStore(options);
        await store.EnsureSchemaAsync();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < bars.Count; i += BatchRows)
        {
            var n = Math.Min(BatchRows, bars.Count - i);
            await store.WriteAsync(bars.GetRange(i, n), signals.GetRange(i, n));
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await CheckCountsAsync(store, options.Database, bars.Count, signals.Count);
        return seconds;
    }

    /// <summary>Seconds for one RowBinary INSERT per table of the pre-encoded rows (encoding is not timed).</summary>
    private static async Task<double> BulkInsertAsync(ClickHouseServer server, HttpClient http, List<TaMicrobar> bars, List<TaSignal> signals)
    {
        var options = Options(server);
        await using var schemaOwner = new ClickHouseTaStore(options); // creates the same tables; not used to write
        await schemaOwner.EnsureSchemaAsync();
        var queries = new ClickHouseQueries(options, schemaOwner.Flavour!);
        var barBytes = new RowBinaryBuffer();
        foreach (var b in bars) TaRowBinary.Write(barBytes, b);
        var signalBytes = new RowBinaryBuffer();
        foreach (var s in signals) TaRowBinary.Write(signalBytes, s);
        var clock = Stopwatch.StartNew();
        await PostAsync(http, queries.InsertMicrobars, barBytes.WrittenMemory);
        await PostAsync(http, queries.InsertSignals, signalBytes.WrittenMemory);
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
