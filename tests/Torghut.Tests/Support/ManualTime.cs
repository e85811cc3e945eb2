namespace Torghut.Tests.Support;

/// <summary>
/// A clock the test moves: <see cref="GetUtcNow"/> and timers (so <c>Task.Delay(delay, time)</c> too) follow
/// <see cref="Advance"/> only. Timers fire on the thread pool, as real ones do.
/// </summary>
public sealed class ManualTime : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<Timer> _timers = [];
    private DateTimeOffset _now = new(2026, 1, 5, 14, 30, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    /// <summary>Timers armed and not yet fired: lets a test wait until the code under test is waiting, then move the clock.</summary>
    public int PendingTimers
    {
        get { lock (_lock) return _timers.Count; }
    }

    public void Advance(TimeSpan by)
    {
        List<Timer> due;
        lock (_lock)
        {
            _now += by;
            due = _timers.Where(t => t.Due <= _now).ToList();
            foreach (var t in due) _timers.Remove(t);
        }
        foreach (var t in due) t.Fire();
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>One-shot timers only (what Task.Delay and the code under test use); a period is ignored.</summary>
    private sealed class Timer(ManualTime time, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; private set; }

        public void Fire() => ThreadPool.QueueUserWorkItem(_ => callback(state));

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (time._lock)
            {
                time._timers.Remove(this);
                if (dueTime == Timeout.InfiniteTimeSpan) return true;
                Due = time._now + dueTime;
                if (dueTime > TimeSpan.Zero)
                {
                    time._timers.Add(this);
                    return true;
                }
            }
            Fire();
            return true;
        }

        public void Dispose()
        {
            lock (time._lock) time._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
