using Torghut.Host.Transport;

namespace Torghut.Host.Analysis;

/// <summary>
/// Per owned input partition: where reading resumed, which records are look-back context, and which offset is safe
/// to commit. The protocol, shared by every worker of a group (same <c>lookBack</c>):
/// <list type="number">
/// <item>A worker commits offset B only if a member starting at B loses nothing: B's record is stamped at least
/// <c>lookBack</c> before the first trade of every bar still open or not yet frozen (<see cref="TaEngine.ResumeFloor"/>),
/// or, with no such bar, before the newest record read.</item>
/// <item>A worker that gets a partition whose committed offset is B treats the records from B up to the first one
/// stamped <c>lookBack</c> after B's as context: they rebuild the watermark and name the seconds the previous owner
/// already wrote (skipped from then on), and emit nothing. Everything after is processed normally, so every bar
/// the previous owner had not finished is rebuilt from all its trades.</item>
/// </list>
/// Kafka has no commit metadata in this client, so the context boundary is carried by the data itself (record
/// timestamps), not by the commit. Single-threaded, like the worker.
/// </summary>
public sealed class ResumeLedger(TimeSpan lookBack)
{
    /// <summary>Thinning of the offset/timestamp log: one entry per this much record time is enough to find a B.</summary>
    private const long LogStepNanos = 100_000_000;
    private readonly long _lookBackNanos = lookBack.Ticks * 100;
    private readonly Dictionary<PartitionKey, Track> _tracks = [];

    public IEnumerable<PartitionKey> Owned => _tracks.Keys;

    /// <summary>The group gave us <paramref name="partition"/>; reading resumes at <paramref name="committedOffset"/> (null: none).</summary>
    public void Assigned(PartitionKey partition, long? committedOffset) =>
        _tracks[partition] = new Track { ResumeAt = committedOffset, Committed = committedOffset ?? -1 };

    /// <summary>The group took <paramref name="partition"/>: nothing more is committed for it.</summary>
    public void Revoked(PartitionKey partition) => _tracks.Remove(partition);

    /// <summary>Records one consumed record and says where it sits (context or not).</summary>
    public RecordPosition Observe(ConsumedRecord record)
    {
        var key = new PartitionKey(record.Record.Topic, record.Partition);
        if (!_tracks.TryGetValue(key, out var t)) _tracks[key] = t = new Track(); // no assignment seen: a fresh start
        var ts = record.Timestamp.ToUnixTimeMilliseconds() * 1_000_000L;
        if (!t.Started)
        {
            t.Started = true;
            // Only a resume from a committed offset has a look-back; auto.offset.reset (or retention having deleted
            // the committed record) starts clean.
            if (t.ResumeAt == record.Offset)
            {
                t.InContext = true;
                t.ContextUntil = ts + _lookBackNanos;
            }
        }
        if (t.InContext && ts >= t.ContextUntil) t.InContext = false;
        if (ts > t.Clock) t.Clock = ts;
        t.LastOffset = record.Offset;
        t.LastTimestamp = ts;
        if (t.Log.Count == 0 || ts >= t.Log[^1].TimestampNanos + LogStepNanos) t.Log.Add((record.Offset, ts));
        return new RecordPosition(key, record.Offset, ts, t.InContext);
    }

    /// <summary>The partition's newest record timestamp (its clock for the freeze rule), or null before any record.</summary>
    public long? Clock(PartitionKey partition) => _tracks.TryGetValue(partition, out var t) && t.Started ? t.Clock : null;

    /// <summary>
    /// The offsets to commit now, after the outputs of everything observed are stored: per owned partition, the
    /// newest safe B (see the class summary) if it moved forward. <paramref name="floor"/> gives the first trade of
    /// the oldest bar the engine still needs on a partition.
    /// </summary>
    public List<PartitionOffset> Commits(Func<PartitionKey, long, (long Offset, long TimestampNanos)?> floor)
    {
        var commits = new List<PartitionOffset>();
        foreach (var (key, t) in _tracks)
        {
            if (!t.Started) continue;
            var (refOffset, refTs) = floor(key, t.Clock) ?? (t.LastOffset, t.LastTimestamp);
            var target = refTs - _lookBackNanos;
            long? b = null;
            for (var i = t.Log.Count - 1; i >= 0; i--)
            {
                var (offset, ts) = t.Log[i];
                if (offset <= refOffset && ts <= target) { b = offset; break; }
            }
            if (b is not { } next || next <= t.Committed) continue;
            t.Committed = next;
            var keepFrom = t.Log.FindIndex(e => e.Offset >= next);
            if (keepFrom > 0) t.Log.RemoveRange(0, keepFrom);
            commits.Add(new PartitionOffset(key.Topic, key.Partition, next));
        }
        return commits;
    }

    private sealed class Track
    {
        public long? ResumeAt;
        public bool Started, InContext;
        public long ContextUntil, Clock = long.MinValue, LastOffset, LastTimestamp, Committed = -1;
        public readonly List<(long Offset, long TimestampNanos)> Log = [];
    }
}
