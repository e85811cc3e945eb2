using Microsoft.Extensions.Logging;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis;

/// <summary>
/// One store write carried through an outage for <see cref="TaStoreWriter"/>: failures are retried by
/// <see cref="StoreRetryPolicy"/> until the store acknowledges, recorded in <see cref="Health"/>, and logged once when
/// an outage starts and once when it ends (never per attempt). Every failure is retried, whatever its type: a store
/// fails in many ways (HTTP, refused connections, timeouts, DuckDB I/O), and the give-up is the operator's tool for
/// "for good". Used by one flush task at a time.
/// </summary>
internal sealed class StoreWriteRetry(ITaStore store, StoreRetryPolicy policy, TimeProvider time, ILogger logger)
{
    public StoreWriteHealth Health { get; } = new();

    /// <summary>
    /// Null once the store acknowledged the rows; the failure to keep when the give-up was reached. Throws
    /// <see cref="OperationCanceledException"/> when <paramref name="stop"/> ends it first.
    /// </summary>
    public async Task<StorageException?> WriteAsync(List<TaMicrobar> bars, List<TaSignal> signals, CancellationToken stop)
    {
        for (var failures = 1; ; failures++)
        {
            var started = time.GetUtcNow();
            try
            {
                await store.WriteAsync(bars, signals, stop).ConfigureAwait(false);
                if (Health.Succeeded(time.GetUtcNow()) is { } outage)
                    logger.LogInformation("TA store writes resumed after {Outage:0.0} s of outage ({Failures} failed attempts in all); held rows are written and commits move on",
                        outage.TotalSeconds, Health.Failures);
                return null;
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                if (Health.Failed(started, e))
                    logger.LogWarning("TA store write of {Microbars} microbars + {Signals} signals failed; store outage: retrying with backoff up to {MaxDelay:0.#} s{GiveUp}, offsets not committed past these rows: {Error}",
                        bars.Count, signals.Count, policy.MaxDelay.TotalSeconds, policy.GiveUpAfter is { } g ? $", giving up after {g.TotalSeconds:0.#} s" : "", e.Message);
                var down = time.GetUtcNow() - Health.DownSince!.Value;
                var left = policy.GiveUpAfter - down;
                if (left <= TimeSpan.Zero) return GiveUp(bars.Count, signals.Count, down, e);
                // The last attempt comes exactly at the give-up time, so the give-up is not late by a whole backoff.
                var delay = policy.DelayAfter(failures);
                if (left < delay) delay = left.Value;
                await Task.Delay(delay, time, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Stopping while a write failed: report it as the stop it is; the rows' offsets are never committed.
                throw new OperationCanceledException("TA store writer stopped", e, stop);
            }
        }
    }

    private StorageException GiveUp(int bars, int signals, TimeSpan down, Exception e)
    {
        var failure = new StorageException($"TA store write of {bars} microbars + {signals} signals failed for {down.TotalSeconds:0.#} s, " +
            $"the give-up ({StorageKeys.StoreGiveUpAfterMs}); no offset from this write on is committed: {e.Message}", e);
        logger.LogError("{Failure}", failure.Message);
        return failure;
    }
}
