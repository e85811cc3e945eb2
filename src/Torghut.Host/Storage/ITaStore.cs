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

    /// <summary>
    /// For each of <paramref name="symbols"/> with rows whose event_ts ≥ <paramref name="since"/>: the newest signal
    /// event_ts and microbar window_end among those rows (a symbol without any is absent). One bounded read for a
    /// whole universe: the dashboard (every second) and the SLO evaluator (every 10 s) ask this for every pair, and
    /// a per-symbol <see cref="FreshnessAsync"/> each time would be N reads of each symbol's whole retained history.
    /// </summary>
    Task<IReadOnlyDictionary<string, StoreFreshness>> RecentFreshnessAsync(IReadOnlyCollection<string> symbols, NanoTimestamp since,
        CancellationToken cancellationToken = default);

    /// <summary>Rows per symbol with event_ts in [from, to], after dedup (FINAL), for coverage checks.</summary>
    Task<IReadOnlyDictionary<string, (long Microbars, long Signals)>> RowCountsAsync(NanoTimestamp from, NanoTimestamp to,
        CancellationToken cancellationToken = default);

    /// <summary>Deduplicated microbars of one symbol in [from, to], ordered by event_ts (charts, tests).</summary>
    Task<IReadOnlyList<TaMicrobar>> MicrobarsAsync(string symbol, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default);

    /// <summary>Deduplicated signals of one symbol and cadence in [from, to], ordered by event_ts.</summary>
    Task<IReadOnlyList<TaSignal>> SignalsAsync(string symbol, Cadence cadence, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest <paramref name="limit"/> deduplicated microbars of one symbol with <paramref name="from"/> ≤ event_ts
    /// &lt; <paramref name="before"/> (compared at the store's resolution: ClickHouse milliseconds), oldest first: what a
    /// TA worker warms a 1 s signal series with when it takes the symbol over. The lower bound keeps the read to a
    /// primary-key range: deduplicating (FINAL) a symbol's whole retained history would read weeks of bars.
    /// </summary>
    Task<IReadOnlyList<TaMicrobar>> MicrobarsBeforeAsync(string symbol, NanoTimestamp from, NanoTimestamp before, int limit,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Σ(c·v), Σv and the number of one symbol's deduplicated microbars with <paramref name="from"/> ≤ event_ts &lt;
    /// <paramref name="toExclusive"/>: the part of a session VWAP older than a warm-up window. Summed by the store, in
    /// its own order (equal to a running sum within floating-point rounding, not bit for bit).
    /// </summary>
    Task<MicrobarSums> MicrobarSumsAsync(string symbol, NanoTimestamp from, NanoTimestamp toExclusive, CancellationToken cancellationToken = default);
}

/// <summary>Sums over a range of microbars: Σ(close·volume), Σvolume, rows.</summary>
public readonly record struct MicrobarSums(double PriceVolume, double Volume, long Count);

public sealed record StoreFreshness(NanoTimestamp? MaxSignalEventTs, NanoTimestamp? MaxMicrobarWindowEnd)
{
    /// <summary>Joins per-symbol newest signal event_ts and newest microbar window_end (each read per table) by symbol.</summary>
    public static IReadOnlyDictionary<string, StoreFreshness> BySymbol(IEnumerable<(string Symbol, NanoTimestamp? Newest)> signals,
        IEnumerable<(string Symbol, NanoTimestamp? Newest)> microbars)
    {
        var result = new Dictionary<string, StoreFreshness>(StringComparer.Ordinal);
        foreach (var (symbol, newest) in signals) result[symbol] = new StoreFreshness(newest, null);
        foreach (var (symbol, newest) in microbars)
            result[symbol] = (result.GetValueOrDefault(symbol) ?? new StoreFreshness(null, null)) with { MaxMicrobarWindowEnd = newest };
        return result;
    }
}
