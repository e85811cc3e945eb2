using Torghut.Host.Analysis.Parsing;

namespace Torghut.Host.Analysis;

/// <summary>
/// Monotonic counters of one <see cref="TaEngine"/>. Plain fields (an engine is single-threaded); a metrics exporter
/// reads them periodically — a torn read of a 64-bit long is not a concern on x64.
/// </summary>
public sealed class TaCounters
{
    public long Envelopes, Trades, Quotes, Bars1m, IgnoredChannel;
    /// <summary>Envelopes that failed to parse, total and by <see cref="ParseFailureReason"/> (index = enum value).</summary>
    public long ParseFailures;
    public readonly long[] ParseFailuresByReason = new long[ParseFailureReasons.Count];

    /// <summary>Microbars emitted the first time (watermark or idle flush).</summary>
    public long MicrobarsEmitted;
    /// <summary>Microbars emitted because the symbol went idle (subset of <see cref="MicrobarsEmitted"/>).</summary>
    public long MicrobarsIdleFlushed;
    /// <summary>Late trades merged into an already-emitted bar (or opening a bar for an emitted-past second); the bar is emitted again.</summary>
    public long LateMerged;
    /// <summary>Trades older than watermark − allowed lateness: dropped.</summary>
    public long LateDropped;
    /// <summary>Trades whose Kafka record is stamped more than the freeze time after their second ended: dropped.</summary>
    public long FrozenDropped;
    /// <summary>Look-back records re-read after taking a partition over (state only, nothing emitted).</summary>
    public long ContextRecords;
    /// <summary>Trades of a second the previous owner of the partition had already written: skipped.</summary>
    public long ResumeSkipped;

    /// <summary>
    /// 1 s signal series whose warm-up was read when they were created (start, takeover) — with no bars for a symbol the
    /// store has none of — and the stored bars replayed into them.
    /// </summary>
    public long Warmups, WarmupBars;
    /// <summary>1 s signal series whose warm-up could not be read (store unreachable): started cold instead.</summary>
    public long WarmupFailures;
    /// <summary>
    /// 1 m bars read as look-back context after taking a bars partition over (the 1 m warm-up window): fed into their
    /// symbol's 1 m series without output, revisions included. A subset of <see cref="Bars1m"/> and of <see cref="ContextRecords"/>.
    /// </summary>
    public long Bars1mWarmup;

    /// <summary>Cancel/errors and corrections read from the corrections topic (context included).</summary>
    public long Cancels, Corrections;
    /// <summary>Revisions applied to a bar (removed or replaced a trade; an emitted bar was emitted again).</summary>
    public long RevisionsApplied;
    /// <summary>Revisions of a trade whose bar is past the allowed lateness or frozen: the stored bar stays.</summary>
    public long CorrectionTooLate;
    /// <summary>
    /// Revisions whose trade was never found while it could have joined a bar (not read here: a second the previous
    /// owner wrote, or a trade without venue identity), or that found more waiting revisions than the bound.
    /// </summary>
    public long CorrectionsUnmatched;
    /// <summary>REST history trades marked <c>u: canceled</c> or <c>incorrect</c>: no longer trades, skipped.</summary>
    public long WithdrawnTrades;

    public long Signals1s, Signals1m;
    /// <summary>Bars that replaced or were inserted before the newest bar of a series (indicators recomputed forward); live only, not warm-up replays.</summary>
    public long SignalRevisions;
    /// <summary>Revisions too old for the bounded history: dropped, nothing emitted.</summary>
    public long SignalRevisionsDropped;
    /// <summary>Indicator groups nulled because a computed value was NaN or infinite.</summary>
    public long NonFiniteSuppressed;

    public long ParseFailuresFor(ParseFailureReason reason) => ParseFailuresByReason[(int)reason];
}
