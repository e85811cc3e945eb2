namespace Torghut.Host.Analysis.Microbars;

/// <summary>Event-time policy of the 1 s microbars. All per symbol.</summary>
public sealed record MicrobarOptions
{
    /// <summary>
    /// Bounded out-of-orderness: a symbol's watermark is its max trade time minus this (upstream
    /// <c>TA_MAX_OUT_OF_ORDER_MS</c> = 2000). A bucket [s, s+1 s) is emitted once the watermark reaches s+1 s.
    /// </summary>
    public TimeSpan OutOfOrderness { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How far behind the watermark a trade may still be merged: its already-emitted bar is updated and emitted again
    /// with the same key (symbol, event_ts, seq), which the ReplacingMergeTree store collapses. A trade whose bucket
    /// ended at or before watermark − this is dropped and counted. Upstream had no lateness policy at all (a late
    /// trade produced a second, conflicting bar). Memory per symbol grows with this (one slot per second).
    /// </summary>
    public TimeSpan AllowedLateness { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Processing time without any trade for a symbol after which <see cref="MicrobarAggregator.Advance"/> flushes its
    /// open buckets, so a quiet symbol's last second is not held until its next trade (upstream [H] needed a watermark
    /// idle timeout for the same stall). The watermark moves to the end of the flushed buckets.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal long OutOfOrderNanos => OutOfOrderness.Ticks * 100;
    internal long LatenessNanos => AllowedLateness.Ticks * 100;
    internal long IdleNanos => IdleTimeout.Ticks * 100;
}
