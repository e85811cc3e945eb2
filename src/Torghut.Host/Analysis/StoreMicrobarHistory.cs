using System.Data.Common;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis;

/// <summary>
/// The worker's <see cref="IMicrobarHistory"/>: warm-ups read from the TA store what the previous owner wrote (at most
/// two primary-key range queries per new series). It blocks the worker loop on purpose — once per symbol per start or
/// takeover, <see cref="Parallelism"/> symbols at a time, each bounded by <see cref="Timeout"/> — and after a failure
/// pauses for <see cref="Pause"/>, so an outage costs one timeout, not one per symbol (docs/ta-failover.md).
/// </summary>
public sealed class StoreMicrobarHistory(ITaStore store, ILogger logger, CancellationToken stopping) : IMicrobarHistory
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(30);

    /// <summary>Symbols read at the same time by <see cref="BeforeAll"/> (each read is one or two store queries).</summary>
    public const int Parallelism = 8;

    /// <summary>
    /// How far back the last-N read looks: a day holds every 1 s bar TA_WARMUP_BARS allows (at most 86 400), and the
    /// bound keeps the deduplicating read to a primary-key range instead of the symbol's whole retained history. A
    /// symbol that traded fewer than N seconds in the last day warms from what it has.
    /// </summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(1);

    private long _pausedUntilTicks = DateTime.MinValue.Ticks;

    public MicrobarWarmup Before(string symbol, NanoTimestamp before, NanoTimestamp sessionStart, int maxBars) =>
        ReadAsync(new WarmupRequest(symbol, before, sessionStart, maxBars)).GetAwaiter().GetResult();

    public IReadOnlyList<WarmupResult> BeforeAll(IReadOnlyList<WarmupRequest> requests)
    {
        var results = new WarmupResult[requests.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stopping };
        Parallel.ForEachAsync(Enumerable.Range(0, requests.Count), options, async (i, _) =>
        {
            try { results[i] = new WarmupResult(await ReadAsync(requests[i]).ConfigureAwait(false), null); }
            catch (Exception e) when (e is not OperationCanceledException) { results[i] = new WarmupResult(null, e); }
        }).GetAwaiter().GetResult();
        return results;
    }

    private async Task<MicrobarWarmup> ReadAsync(WarmupRequest request)
    {
        var (symbol, before, sessionStart, maxBars) = request;
        if (maxBars <= 0) return MicrobarWarmup.Empty;
        if (DateTime.UtcNow.Ticks < Interlocked.Read(ref _pausedUntilTicks))
            throw new StorageException($"TA store failed a warm-up read less than {Pause.TotalSeconds:0} s ago; not asked again yet");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(Timeout);
        try
        {
            var bars = await store.MicrobarsBeforeAsync(symbol, before.AddNanoseconds(-Lookback.Ticks * 100), before, maxBars, timeout.Token).ConfigureAwait(false);
            if (bars.Count < maxBars || bars[0].EventTs <= sessionStart) return new MicrobarWarmup(bars);
            var sums = await store.MicrobarSumsAsync(symbol, sessionStart, bars[0].EventTs, timeout.Token).ConfigureAwait(false);
            return new MicrobarWarmup(bars, sums.PriceVolume, sums.Volume);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            var why = e switch
            {
                OperationCanceledException => $"no answer within {Timeout.TotalSeconds:0} s",
                StorageException or DbException => e.Message,
                _ => e.GetType().Name,
            };
            // Reads in flight together fail together: the first to pause the store logs it.
            var pausedUntil = Interlocked.Read(ref _pausedUntilTicks);
            if (pausedUntil <= DateTime.UtcNow.Ticks &&
                Interlocked.CompareExchange(ref _pausedUntilTicks, (DateTime.UtcNow + Pause).Ticks, pausedUntil) == pausedUntil)
                logger.LogWarning("ta warm-up of {Symbol} from the store failed ({Error}); its 1 s signals start cold, warm-ups paused for {Pause} s",
                    symbol, why, Pause.TotalSeconds);
            throw new StorageException($"warm-up read failed: {why}", e);
        }
    }
}
