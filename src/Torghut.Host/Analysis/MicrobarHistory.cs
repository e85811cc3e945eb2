using Torghut.Abstractions;

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
}

/// <summary>
/// What a series is warmed with. <see cref="EarlierSessionPv"/> / <see cref="EarlierSessionVolume"/>: the session's
/// bars older than <see cref="Bars"/> (zero when the bars reach back to the session start or there are no older bars).
/// </summary>
public sealed record MicrobarWarmup(IReadOnlyList<TaMicrobar> Bars, double EarlierSessionPv = 0, double EarlierSessionVolume = 0)
{
    public static readonly MicrobarWarmup Empty = new([]);
}
