namespace Torghut.Host.Lanes;

/// <summary>
/// One running lane. Resolved from a lifetime scope built for the lane (its plan, feed, backfill and codec are
/// registered there), so turning a lane off disposes exactly what it created.
/// </summary>
public interface ILane
{
    /// <summary>Runs until <paramref name="stopping"/> is cancelled, then drains and returns.</summary>
    Task RunAsync(CancellationToken stopping);
}
