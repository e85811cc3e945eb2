using Microsoft.Extensions.Configuration;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Analysis;

/// <summary>
/// How the TA worker's write-behind retries a store write that failed (after the store's own quick retries): capped
/// exponential backoff, for as long as it takes, unless <see cref="GiveUpAfter"/> is set. A store outage (a ClickHouse
/// restart, a failover) is not a reason to end the worker: its rows are held (bounded by the writer's backpressure) and
/// their offsets stay uncommitted until the store is back, so nothing is lost and a restart would not help.
/// No jitter: a TA group has a handful of members, each with one write in flight, so there is no herd to spread.
/// See docs/adr/0002-ta-store-outage-policy.md.
/// </summary>
public sealed record StoreRetryPolicy(TimeSpan FirstDelay, TimeSpan MaxDelay, TimeSpan? GiveUpAfter)
{
    public static StoreRetryPolicy Default { get; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10), null);

    /// <summary>The wait after the <paramref name="failures"/>-th consecutive failure (1-based): first × 2^(n−1), at most the cap.</summary>
    public TimeSpan DelayAfter(int failures)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        // 2^30 × 1 ms already exceeds any sane cap; clamping the exponent keeps the arithmetic from overflowing.
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromMilliseconds(FirstDelay.TotalMilliseconds * factor);
        return delay < MaxDelay ? delay : MaxDelay;
    }

    /// <summary>TA_STORE_RETRY_BASE_MS, TA_STORE_RETRY_MAX_MS, TA_STORE_GIVE_UP_AFTER_MS (0 or unset: never give up).</summary>
    public static StoreRetryPolicy From(IConfiguration c)
    {
        var first = StorageCatalogue.RetryBase.Read(c);
        var max = StorageCatalogue.RetryMax.Read(c);
        if (max < first)
            throw new Configuration.ConfigException(
                $"{StorageKeys.StoreRetryMaxMs}: '{max.TotalMilliseconds}' is not allowed; expected at least " +
                                      $"{StorageKeys.StoreRetryBaseMs} ({first.TotalMilliseconds})");
        var giveUp = StorageCatalogue.GiveUpAfter.Read(c);
        return new StoreRetryPolicy(first, max, giveUp == TimeSpan.Zero ? null : giveUp);
    }
}
