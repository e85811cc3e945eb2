using Torghut.Abstractions;
using Torghut.Host.Analysis;

namespace Torghut.Host.Storage;

/// <summary>
/// Where TA outputs are kept: ClickHouse in production, an embedded DuckDB file by default. Writes are idempotent by
/// (symbol, event_ts, seq): writing the same rows again leaves one row per key (latest ingest_ts wins) once the store
/// has merged. The freshness queries the gates and the dashboard use live here too.
/// </summary>
public interface ITaStore : IAsyncDisposable
{
    /// <summary>Creates the database and tables if missing; retries until the server answers, then fails loudly.</summary>
    Task EnsureSchemaAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes a batch; returns once the store acknowledged it (the caller commits Kafka offsets after).</summary>
    Task WriteAsync(IReadOnlyList<TaMicrobar> microbars, IReadOnlyList<TaSignal> signals, CancellationToken cancellationToken = default);

    /// <summary>max(event_ts) of ta_signals and max(window_end) of ta_microbars, optionally for one symbol.</summary>
    Task<StoreFreshness> FreshnessAsync(string? symbol = null, CancellationToken cancellationToken = default);

    /// <summary>Rows per symbol with event_ts in [from, to], after dedup (FINAL), for coverage checks.</summary>
    Task<IReadOnlyDictionary<string, (long Microbars, long Signals)>> RowCountsAsync(NanoTimestamp from, NanoTimestamp to,
        CancellationToken cancellationToken = default);

    /// <summary>Deduplicated microbars of one symbol in [from, to], ordered by event_ts (charts, tests).</summary>
    Task<IReadOnlyList<TaMicrobar>> MicrobarsAsync(string symbol, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default);

    /// <summary>Deduplicated signals of one symbol and cadence in [from, to], ordered by event_ts.</summary>
    Task<IReadOnlyList<TaSignal>> SignalsAsync(string symbol, Cadence cadence, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default);
}

public sealed record StoreFreshness(NanoTimestamp? MaxSignalEventTs, NanoTimestamp? MaxMicrobarWindowEnd);
