using System.Collections.Concurrent;

namespace Torghut.Host.Ingest;

/// <summary>
/// The envelope <c>seq</c>: a hybrid logical clock per (channel, symbol) — max(previous + 1, wall-clock microseconds
/// since the epoch). Upstream's counter restarted at 1 on every restart and collided downstream; this one keeps
/// increasing across restarts without storage (a restart takes longer than the clock skew it could meet) and is unique
/// per (channel, symbol) within a process. <c>bars</c> and <c>updatedBars</c> share one clock, as upstream's [H] did.
/// </summary>
public sealed class SequenceClock(Func<long>? nowMicros = null)
{
    private readonly Func<long> _nowMicros = nowMicros ?? (() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10);
    private readonly ConcurrentDictionary<(string Channel, string Symbol), StrongBox> _last = new();

    public long Next(string channel, string symbol)
    {
        var key = (channel == "updatedBars" ? "bars" : channel, symbol);
        var box = _last.GetOrAdd(key, static _ => new StrongBox());
        var now = _nowMicros();
        lock (box)
        {
            box.Value = Math.Max(box.Value + 1, now);
            return box.Value;
        }
    }

    private sealed class StrongBox
    {
        public long Value;
    }
}
