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

    /// <summary>
    /// A bar is frozen this long after its second ended, measured on the Kafka record timestamps of the trades
    /// (when ingest published them): a trade whose record is stamped later is dropped and counted, whatever the
    /// watermark says. Unlike the watermark, this rule depends only on the record itself, so every worker that ever
    /// reads the record decides the same — which is what lets a worker that takes a partition over resume from a
    /// committed offset without the previous owner's state (see <see cref="ResumeLookBack"/>). Must exceed
    /// out-of-orderness + allowed lateness, so that in normal operation the watermark decides first.
    /// </summary>
    public TimeSpan FreezeAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far the record timestamps of one partition may run backwards (several producers' clocks) and how far an
    /// ingest clock may lag the venue's. The failover arithmetic adds it as a safety margin.
    /// </summary>
    public TimeSpan ClockTolerance { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The look-back a worker re-reads as context when it resumes a partition from a committed offset: records
    /// stamped within this of the first one only tell it the watermark and which seconds the previous owner already
    /// wrote. Covers every earlier trade of a bar that can still take a trade after the resume point:
    /// freeze + 1 s (the bar) + 3 × <see cref="ClockTolerance"/>. Committed offsets are chosen with the same value,
    /// so every worker of a group must run the same TA timing settings.
    /// </summary>
    public TimeSpan ResumeLookBack => FreezeAfter + TimeSpan.FromSeconds(1) + 3 * ClockTolerance;

    internal long OutOfOrderNanos => OutOfOrderness.Ticks * 100;
    internal long LatenessNanos => AllowedLateness.Ticks * 100;
    internal long IdleNanos => IdleTimeout.Ticks * 100;
    internal long FreezeNanos => FreezeAfter.Ticks * 100;
    internal long ToleranceNanos => ClockTolerance.Ticks * 100;
}
