using Torghut.Host.Transport;

namespace Torghut.Host.Analysis;

/// <summary>
/// Per owned input partition: where reading resumed, which records are look-back context, and which offset is safe
/// to commit. A worker commits B only if a member starting at B loses nothing (B is stamped a look-back before every
/// unfinished bar, or before the newest record on topics without bars); a new owner treats the records up to one
/// look-back after B as silent context. Kafka carries no commit metadata in this client, so the boundary is carried by
/// the record timestamps. The protocol: docs/adr/0062-commit-behind-offsets.md and docs/ta-failover.md.
/// Single-threaded, like the worker.
/// </summary>
public sealed class ResumeLedger
{
    /// <summary>
    /// Thinning of the offset/timestamp log: one entry per this much record time is enough to find a B. A long
    /// look-back thins more (at most <see cref="LogEntriesPerLookBack"/> entries span it), so a day-long bars window
    /// keeps ~10,000 entries per partition, not one per 100 ms; B then trails by up to one step more.
    /// </summary>
    private const long MinLogStepNanos = 100_000_000;
    private const long LogEntriesPerLookBack = 10_000;
    private readonly long _lookBackNanos;
    private readonly Dictionary<string, long> _topicLookBackNanos = new(StringComparer.Ordinal);
    private readonly Dictionary<PartitionKey, Track> _tracks = [];

    /// <param name="lookBack">The look-back of every topic not in <paramref name="topicLookBacks"/>.</param>
    /// <param name="topicLookBacks">Longer look-backs per topic; one shorter than <paramref name="lookBack"/> is raised to it.</param>
    public ResumeLedger(TimeSpan lookBack, IReadOnlyDictionary<string, TimeSpan>? topicLookBacks = null)
    {
        _lookBackNanos = lookBack.Ticks * 100;
        foreach (var (topic, topicLookBack) in topicLookBacks ?? new Dictionary<string, TimeSpan>())
            _topicLookBackNanos[topic] = Math.Max(_lookBackNanos, topicLookBack.Ticks * 100);
    }

    /// <summary>The look-back of <paramref name="topic"/>: how far commits trail, and how long a resume's context lasts.</summary>
    public TimeSpan LookBack(string topic) => TimeSpan.FromTicks(LookBackNanos(topic) / 100);

    private long LookBackNanos(string topic) => _topicLookBackNanos.TryGetValue(topic, out var nanos) ? nanos : _lookBackNanos;

    private Track NewTrack(PartitionKey partition, long? resumeAt)
    {
        var lookBack = LookBackNanos(partition.Topic);
        return new Track
        {
            ResumeAt = resumeAt, Committed = resumeAt ?? -1, LookBackNanos = lookBack,
            LogStepNanos = Math.Max(MinLogStepNanos, lookBack / LogEntriesPerLookBack),
        };
    }

    public IEnumerable<PartitionKey> Owned => _tracks.Keys;

    /// <summary>The group gave us <paramref name="partition"/>; reading resumes at <paramref name="committedOffset"/> (null: none).</summary>
    public void Assigned(PartitionKey partition, long? committedOffset) =>
        _tracks[partition] = NewTrack(partition, committedOffset);

    /// <summary>The group took <paramref name="partition"/>: nothing more is committed for it.</summary>
    public void Revoked(PartitionKey partition) => _tracks.Remove(partition);

    /// <summary>Records one consumed record and says where it sits (context or not).</summary>
    public RecordPosition Observe(ConsumedRecord record)
    {
        var key = new PartitionKey(record.Record.Topic, record.Partition);
        if (!_tracks.TryGetValue(key, out var t)) _tracks[key] = t = NewTrack(key, null); // no assignment seen: a fresh start
        var ts = record.Timestamp.ToUnixTimeMilliseconds() * 1_000_000L;
        if (!t.Started)
        {
            t.Started = true;
            // Only a resume from a committed offset has a look-back; auto.offset.reset (or retention having deleted
            // the committed record) starts clean.
            if (t.ResumeAt == record.Offset)
            {
                t.InContext = true;
                t.ContextUntil = ts + t.LookBackNanos;
            }
        }
        if (t.InContext && ts >= t.ContextUntil) t.InContext = false;
        if (ts > t.Clock) t.Clock = ts;
        t.LastOffset = record.Offset;
        t.LastTimestamp = ts;
        if (t.Log.Count == 0 || ts >= t.Log[^1].TimestampNanos + t.LogStepNanos) t.Log.Add((record.Offset, ts));
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
            var target = refTs - t.LookBackNanos;
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
        public long ContextUntil, Clock = long.MinValue, LastOffset, LastTimestamp, Committed = -1, LookBackNanos, LogStepNanos;
        public readonly List<(long Offset, long TimestampNanos)> Log = [];
    }
}
