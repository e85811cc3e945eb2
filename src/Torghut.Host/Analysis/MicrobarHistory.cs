using Torghut.Abstractions;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis;

/// <summary>
/// A symbol's stored 1 s microbars before a time, for warming a new 1 s signal series (see <see cref="TaEngine"/>).
/// The engine stays I/O-free: it asks through this interface and the worker answers from its store.
/// </summary>
public interface IMicrobarHistory
{
    /// <summary>
    /// The newest <paramref name="maxBars"/> microbars of <paramref name="symbol"/> with event_ts &lt; <paramref name="before"/>,
    /// oldest first; when that many exist and the oldest is after <paramref name="sessionStart"/>, also Σ(c·v), Σv of
    /// the bars from <paramref name="sessionStart"/> up to it. Blocks until answered; throws when the history cannot be
    /// read (the engine counts that and starts the series cold).
    /// </summary>
    MicrobarWarmup Before(string symbol, NanoTimestamp before, NanoTimestamp sessionStart, int maxBars);

    /// <summary>
    /// <see cref="Before"/> for several symbols at once: a start or a takeover emits the first bars of many symbols in
    /// one step. One result per request, in order: the warm-up, or what <see cref="Before"/> would have thrown.
    /// This default asks one after the other; a store-backed history may overlap the reads.
    /// </summary>
    IReadOnlyList<WarmupResult> BeforeAll(IReadOnlyList<WarmupRequest> requests)
    {
        var results = new WarmupResult[requests.Count];
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            try { results[i] = new WarmupResult(Before(r.Symbol, r.Before, r.SessionStart, r.MaxBars), null); }
            catch (Exception e) when (e is not OperationCanceledException) { results[i] = new WarmupResult(null, e); }
        }
        return results;
    }
}

/// <summary>One symbol's warm-up question (see <see cref="IMicrobarHistory.Before"/>).</summary>
public readonly record struct WarmupRequest(string Symbol, NanoTimestamp Before, NanoTimestamp SessionStart, int MaxBars);

/// <summary>The answer to a <see cref="WarmupRequest"/>: <see cref="Warmup"/>, or the <see cref="Error"/> that prevented it.</summary>
public readonly record struct WarmupResult(MicrobarWarmup? Warmup, Exception? Error);

/// <summary>
/// What a series is warmed with. <see cref="EarlierSessionPv"/> / <see cref="EarlierSessionVolume"/>: the session's
/// bars older than <see cref="Bars"/> (zero when the bars reach back to the session start or there are no older bars).
/// </summary>
public sealed record MicrobarWarmup(IReadOnlyList<TaMicrobar> Bars, double EarlierSessionPv = 0, double EarlierSessionVolume = 0)
{
    public static readonly MicrobarWarmup Empty = new([]);
}
