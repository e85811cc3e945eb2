using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Analysis;

namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// TA rows in ClickHouse over HTTP (no ClickHouse.Driver: it cannot talk to the 18.16 server Debian ships). The table
/// layout follows the server version (<see cref="SchemaFlavour"/>). Writes are RowBinary INSERTs of at most
/// <see cref="ClickHouseOptions.BatchSize"/> rows, each retried a few times; WriteAsync returns only after ClickHouse
/// answered 200 for every chunk, so the caller may commit its Kafka offsets (at-least-once; ReplacingMergeTree(ingest_ts)
/// folds the duplicates a replay writes).
/// </summary>
public sealed class ClickHouseTaStore : ITaStore
{
    private readonly ClickHouseOptions _options;
    private readonly IClickHouseTransport _http;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private ClickHouseQueries? _queries;

    public ClickHouseTaStore(ClickHouseOptions options, ILogger? logger = null)
        : this(options, new ClickHouseHttp(options), logger)
    {
    }

    public ClickHouseTaStore(ClickHouseOptions options, IClickHouseTransport transport, ILogger? logger = null)
    {
        options.Validate();
        _options = options;
        _http = transport;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Known after <see cref="EnsureSchemaAsync"/>.</summary>
    public SchemaFlavour? Flavour { get; private set; }
    public string? ServerVersion { get; private set; }

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_queries is not null) return;
            var started = Stopwatch.StartNew();
            Exception? last = null;
            string? mismatch = null;
            for (var attempt = 1; attempt <= _options.InitAttempts; attempt++)
            {
                try
                {
                    // Every failure is retried — DNS not there yet, server starting, Keeper unavailable for ON CLUSTER:
                    // the startup races of upstream's 2026-03-02 incident. Only after all attempts does this give up.
                    var version = (await _http.QueryAsync("SELECT version()", cancellationToken).ConfigureAwait(false)).Trim();
                    var flavour = SchemaFlavour.ForVersion(version);
                    if (_options.ManageSchema)
                        foreach (var statement in ClickHouseSchema.Statements(_options, flavour))
                            await _http.QueryAsync(statement, cancellationToken).ConfigureAwait(false);
                    else if ((await ClickHouseSchemaCheck.ProblemsAsync(_http, _options, flavour, cancellationToken).ConfigureAwait(false)) is { Count: > 0 } problems)
                    {
                        // Not retried: tables are not created by waiting, and a DBA needs the list now, not in 6 minutes.
                        mismatch = $"ClickHouse schema check failed at {_options.SafeUrl} ({flavour.Name} layout for server {version}; " +
                                   $"TA_CLICKHOUSE_MANAGE_SCHEMA=false, so nothing was created): {string.Join("; ", problems)}. " +
                                   "`torghut schema` prints the statements to create them.";
                        break;
                    }
                    ServerVersion = version;
                    Flavour = flavour;
                    _queries = new ClickHouseQueries(_options, flavour);
                    _logger.LogInformation("ClickHouse schema ready at {Url} (server {Version}, {Flavour} layout, attempt {Attempt})",
                        _options.SafeUrl, version, flavour.Name, attempt);
                    return;
                }
                catch (StorageException e)
                {
                    last = e;
                    _logger.LogWarning("ClickHouse schema init attempt {Attempt}/{Attempts} failed: {Error}", attempt, _options.InitAttempts, e.Message);
                }
                if (attempt < _options.InitAttempts) await Task.Delay(_options.InitRetryDelay, cancellationToken).ConfigureAwait(false);
            }
            if (mismatch is not null) throw new StorageException(mismatch);
            // Never carry on without tables (upstream [D] did, and wrote nowhere for hours).
            throw new StorageException(
                $"ClickHouse schema init failed: {_options.SafeUrl} (database {_options.Database}) did not accept the schema after " +
                $"{_options.InitAttempts} attempts in {started.Elapsed.TotalSeconds:0.0} s; last error: {last?.Message}", last);
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private async Task<ClickHouseQueries> QueriesAsync(CancellationToken cancellationToken)
    {
        if (_queries is null) await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        return _queries!;
    }

    public async Task WriteAsync(IReadOnlyList<TaMicrobar> microbars, IReadOnlyList<TaSignal> signals, CancellationToken cancellationToken = default)
    {
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        // The two tables are independent parts on the server: insert them concurrently, so a write costs one INSERT
        // round trip (the server's per-part cost dominates), and return only when both are acknowledged.
        var bars = InsertAllAsync(queries.InsertMicrobars, microbars, TaRowBinary.Write, cancellationToken);
        var sigs = InsertAllAsync(queries.InsertSignals, signals, TaRowBinary.Write, cancellationToken);
        await Task.WhenAll(bars, sigs).ConfigureAwait(false);
    }

    private async Task InsertAllAsync<T>(string insertSql, IReadOnlyList<T> rows, Action<RowBinaryBuffer, T> write, CancellationToken cancellationToken)
    {
        var buffer = new RowBinaryBuffer();
        for (var i = 0; i < rows.Count; i += _options.BatchSize)
        {
            buffer.Clear();
            for (var j = i; j < Math.Min(i + _options.BatchSize, rows.Count); j++) write(buffer, rows[j]);
            await InsertWithRetriesAsync(insertSql, buffer, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task InsertWithRetriesAsync(string insertSql, RowBinaryBuffer rows, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await _http.InsertAsync(insertSql, rows.WrittenMemory, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StorageException e) when (attempt < _options.WriteRetries)
            {
                // A retry may duplicate rows if the first attempt did land: harmless under ReplacingMergeTree. Debug only:
                // the TA writer logs an outage once when it starts and once when it ends, not per attempt.
                _logger.LogDebug("ClickHouse insert failed (attempt {Attempt}), retrying: {Error}", attempt + 1, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(250 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<StoreFreshness> FreshnessAsync(string? symbol = null, CancellationToken cancellationToken = default)
    {
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        var row = TabSeparatedRows.Parse(await _http.QueryAsync(queries.Freshness(symbol), cancellationToken).ConfigureAwait(false)).Single();
        return new StoreFreshness(FromEpochMs(row.Int64(0)), FromEpochMs(row.Int64(1)));
    }

    public async Task<IReadOnlyDictionary<string, StoreFreshness>> RecentFreshnessAsync(IReadOnlyCollection<string> symbols, NanoTimestamp since,
        CancellationToken cancellationToken = default)
    {
        if (symbols.Count == 0) return new Dictionary<string, StoreFreshness>();
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        var signals = await _http.QueryAsync(queries.NewestBySymbol(ClickHouseSchema.Signals, "event_ts", symbols, since.UnixMilliseconds), cancellationToken).ConfigureAwait(false);
        var bars = await _http.QueryAsync(queries.NewestBySymbol(ClickHouseSchema.Microbars, "window_end", symbols, since.UnixMilliseconds), cancellationToken).ConfigureAwait(false);
        return StoreFreshness.BySymbol(NewestBySymbol(signals), NewestBySymbol(bars));
    }

    private static IEnumerable<(string Symbol, NanoTimestamp? Newest)> NewestBySymbol(string tabSeparated) =>
        TabSeparatedRows.Parse(tabSeparated).Select(r => (r.String(0), FromEpochMs(r.Int64(1))));

    private const long NanosPerMs = 1_000_000L;

    private static NanoTimestamp? FromEpochMs(long ms) => ms == 0 ? null : new NanoTimestamp(ms * NanosPerMs);

    public async Task<IReadOnlyDictionary<string, (long Microbars, long Signals)>> RowCountsAsync(NanoTimestamp from, NanoTimestamp to,
        CancellationToken cancellationToken = default)
    {
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        var result = new SortedDictionary<string, (long Microbars, long Signals)>(StringComparer.Ordinal);
        var bars = await _http.QueryAsync(queries.CountBySymbol(ClickHouseSchema.Microbars, from.UnixMilliseconds, to.UnixMilliseconds), cancellationToken).ConfigureAwait(false);
        foreach (var row in TabSeparatedRows.Parse(bars)) result[row.String(0)] = (row.Int64(1), 0);
        var signals = await _http.QueryAsync(queries.CountBySymbol(ClickHouseSchema.Signals, from.UnixMilliseconds, to.UnixMilliseconds), cancellationToken).ConfigureAwait(false);
        foreach (var row in TabSeparatedRows.Parse(signals))
            result[row.String(0)] = (result.TryGetValue(row.String(0), out var c) ? c.Microbars : 0, row.Int64(1));
        return result;
    }

    public async Task<IReadOnlyList<TaMicrobar>> MicrobarsAsync(string symbol, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default)
    {
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        var text = await _http.QueryAsync(queries.Microbars(symbol, from.UnixMilliseconds, to.UnixMilliseconds), cancellationToken).ConfigureAwait(false);
        return TabSeparatedRows.Parse(text).Select(r => TaRowReader.Microbar(r, NanosPerMs)).ToList();
    }

    public async Task<IReadOnlyList<TaSignal>> SignalsAsync(string symbol, Cadence cadence, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default)
    {
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        var text = await _http.QueryAsync(queries.Signals(symbol, cadence, from.UnixMilliseconds, to.UnixMilliseconds), cancellationToken).ConfigureAwait(false);
        return TabSeparatedRows.Parse(text).Select(r => TaRowReader.Signal(r, NanosPerMs)).ToList();
    }

    public async Task<IReadOnlyList<TaMicrobar>> MicrobarsBeforeAsync(string symbol, NanoTimestamp from, NanoTimestamp before, int limit,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0) return [];
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        var text = await _http.QueryAsync(queries.MicrobarsBefore(symbol, from.UnixMilliseconds, before.UnixMilliseconds, limit), cancellationToken).ConfigureAwait(false);
        var bars = TabSeparatedRows.Parse(text).Select(r => TaRowReader.Microbar(r, NanosPerMs)).ToList();
        bars.Reverse();
        return bars;
    }

    public async Task<MicrobarSums> MicrobarSumsAsync(string symbol, NanoTimestamp from, NanoTimestamp toExclusive, CancellationToken cancellationToken = default)
    {
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        var text = await _http.QueryAsync(queries.MicrobarSums(symbol, from.UnixMilliseconds, toExclusive.UnixMilliseconds), cancellationToken).ConfigureAwait(false);
        var row = TabSeparatedRows.Parse(text).Single();
        return new MicrobarSums(row.Float64(0), row.Float64(1), row.Int64(2));
    }

    /// <summary>Forces the merge that folds duplicates (tests, operators); reads are correct without it thanks to FINAL.</summary>
    public async Task OptimizeFinalAsync(CancellationToken cancellationToken = default)
    {
        var queries = await QueriesAsync(cancellationToken).ConfigureAwait(false);
        await _http.QueryAsync(queries.OptimizeFinal(ClickHouseSchema.Microbars), cancellationToken).ConfigureAwait(false);
        await _http.QueryAsync(queries.OptimizeFinal(ClickHouseSchema.Signals), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Raw query access for diagnostics and tests (e.g. counting rows without FINAL).</summary>
    public Task<string> QueryAsync(string sql, CancellationToken cancellationToken = default) => _http.QueryAsync(sql, cancellationToken);

    public override string ToString() => $"ClickHouseTaStore({_options})";

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _schemaLock.Dispose();
        return ValueTask.CompletedTask;
    }
}
