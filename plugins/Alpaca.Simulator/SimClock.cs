using System.Diagnostics;
using Torghut.Abstractions;

namespace Alpaca.Simulator;

/// <summary>
/// The simulator's notion of "now": a start instant plus wall time elapsed times <see cref="Speed"/>.
/// Speed 60 replays an hour of market per wall minute; everything (data, bars, REST history) follows this clock,
/// so tests run fast without depending on the real date.
/// </summary>
public sealed class SimClock
{
    private readonly long _startNanos;
    private readonly Stopwatch _wall = Stopwatch.StartNew();

    public SimClock(NanoTimestamp start, double speed)
    {
        if (!(speed > 0) || double.IsInfinity(speed)) throw new ArgumentException($"speed must be > 0, got {speed}", nameof(speed));
        _startNanos = start.UnixNanoseconds;
        Speed = speed;
    }

    public double Speed { get; }

    public NanoTimestamp Start => new(_startNanos);

    /// <summary>Wall time since the simulator started.</summary>
    public TimeSpan WallElapsed => _wall.Elapsed;

    public NanoTimestamp Now => new(NowNanos);

    public long NowNanos => _startNanos + (long)(_wall.Elapsed.Ticks * 100.0 * Speed);

    /// <summary>Converts a simulated duration into the wall time it takes at this speed.</summary>
    public TimeSpan ToWall(TimeSpan simulated) => TimeSpan.FromTicks((long)(simulated.Ticks / Speed));
}
