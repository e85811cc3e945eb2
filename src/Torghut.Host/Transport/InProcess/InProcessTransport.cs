namespace Torghut.Host.Transport.InProcess;

/// <summary>
/// The embedded-mode transport: in-memory topics with Kafka's shape, so nothing above <see cref="IRecordPublisher"/>
/// and <see cref="IRecordSubscriber"/> can tell it from Kafka. Each topic has the same number of partitions; a record
/// goes to <c>murmur2(key) % partitions</c> exactly as Kafka's Java client would place it; consumer groups share
/// partitions among their members and keep committed offsets; each partition retains a bounded number of records.
/// One lock guards everything: embedded mode carries one process's data rate, and simple is right here.
/// </summary>
public sealed class InProcessTransport
{
    private readonly object _lock = new();
    private readonly Dictionary<string, PartitionLog[]> _topics = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConsumerGroup> _groups = new(StringComparer.Ordinal);
    private readonly Utf8KeyCache _keys = new();
    private TaskCompletionSource? _dataArrived;
    private long _delivered;

    public InProcessTransport(int partitionsPerTopic = 3, int retentionPerPartition = 100_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionsPerTopic, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionPerPartition, 1);
        PartitionsPerTopic = partitionsPerTopic;
        RetentionPerPartition = retentionPerPartition;
    }

    public int PartitionsPerTopic { get; }
    public int RetentionPerPartition { get; }

    public int PartitionFor(string key) => Murmur2Partitioner.Partition(_keys.Get(key), PartitionsPerTopic);

    public IRecordPublisher CreatePublisher() => new Publisher(this);

    /// <param name="groupId">Consumer group; members of one group share the partitions of their topics.</param>
    /// <param name="startAtLatest">Where a partition without a committed offset starts (auto.offset.reset).</param>
    public IRecordSubscriber CreateSubscriber(string groupId, bool startAtLatest = false) => new Subscriber(this, groupId, startAtLatest);

    /// <summary>Low and high watermark of a partition (tests, status).</summary>
    public (long Low, long High) Watermarks(string topic, int partition)
    {
        lock (_lock)
        {
            var log = Topic(topic)[partition];
            return (log.LowWatermark, log.HighWatermark);
        }
    }

    /// <summary>The group's committed offset (the next offset to read) for a partition, or null.</summary>
    public long? Committed(string groupId, string topic, int partition)
    {
        lock (_lock)
            return _groups.TryGetValue(groupId, out var g) && g.Committed.TryGetValue((topic, partition), out var o) ? o : null;
    }

    /// <summary>What this process holds of a topic: the records of <paramref name="keys"/> stored at or after
    /// <paramref name="since"/> and still retained (embedded mode's durable record lasts as long as the process).</summary>
    public ITopicReader Reader => new TopicReader(this);

    private sealed class TopicReader(InProcessTransport transport) : ITopicReader
    {
        public Task<IReadOnlyList<StoredTransportRecord>> ReadSinceAsync(string topic, IReadOnlyCollection<string> keys, DateTimeOffset since,
            CancellationToken cancellationToken = default)
        {
            var wanted = new HashSet<string>(keys, StringComparer.Ordinal);
            var result = new List<StoredTransportRecord>();
            lock (transport._lock)
            {
                if (!transport._topics.TryGetValue(topic, out var logs)) return Task.FromResult<IReadOnlyList<StoredTransportRecord>>(result);
                foreach (var partition in wanted.Select(transport.PartitionFor).Distinct())
                {
                    var log = logs[partition];
                    for (var offset = log.LowWatermark; offset < log.HighWatermark; offset++)
                    {
                        var r = log.Get(offset);
                        if (r.Timestamp >= since && wanted.Contains(r.Key)) result.Add(new StoredTransportRecord(r.Key, r.Value, r.Timestamp));
                    }
                }
            }
            return Task.FromResult<IReadOnlyList<StoredTransportRecord>>(result);
        }
    }

    private PartitionLog[] Topic(string name)
    {
        if (_topics.TryGetValue(name, out var logs)) return logs;
        logs = new PartitionLog[PartitionsPerTopic];
        for (var i = 0; i < logs.Length; i++) logs[i] = new PartitionLog(RetentionPerPartition);
        _topics[name] = logs;
        return logs;
    }

    private void Append(in TransportRecord record)
    {
        // Copied, as Kafka's client copies: the caller may reuse its buffer once PublishAsync returns.
        var stored = new StoredRecord(record.Key, record.Value.ToArray(), DateTimeOffset.UtcNow);
        var partition = PartitionFor(record.Key);
        TaskCompletionSource? wake;
        lock (_lock)
        {
            Topic(record.Topic)[partition].Append(stored);
            _delivered++;
            wake = _dataArrived;
            _dataArrived = null;
        }
        wake?.TrySetResult();
    }

    private Task WaitForData()
    {
        // Called under the lock; one shared signal, completed by the next append.
        _dataArrived ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _dataArrived.Task;
    }

    private sealed class Publisher(InProcessTransport transport) : IRecordPublisher
    {
        private bool _disposed;

        public TransportHealth Health
        {
            get { lock (transport._lock) return new TransportHealth(true, null, 0, 0, transport._delivered, 0); }
        }

        public ValueTask PublishAsync(TransportRecord record, CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            cancellationToken.ThrowIfCancellationRequested();
            transport.Append(record);
            return ValueTask.CompletedTask;
        }

        public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.FromResult(true);

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return ValueTask.CompletedTask;
        }
    }

    private sealed class ConsumerGroup
    {
        public readonly Dictionary<(string Topic, int Partition), long> Committed = new();
        public readonly List<Subscriber> Members = [];
    }

    private sealed class Subscriber : IRecordSubscriber
    {
        private readonly InProcessTransport _transport;
        private readonly ConsumerGroup _group;
        private readonly bool _startAtLatest;
        private readonly Dictionary<(string Topic, int Partition), long> _positions = new();
        private string[] _topics = [];
        private List<(string Topic, int Partition)> _assigned = [];
        private List<OwnershipChange> _changes = [];
        private int _next;
        private bool _disposed;

        public Subscriber(InProcessTransport transport, string groupId, bool startAtLatest)
        {
            _transport = transport;
            _startAtLatest = startAtLatest;
            lock (transport._lock)
            {
                if (!transport._groups.TryGetValue(groupId, out var group)) transport._groups[groupId] = group = new ConsumerGroup();
                _group = group;
            }
        }

        public void Subscribe(IReadOnlyList<string> topics)
        {
            lock (_transport._lock)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _topics = topics.Distinct(StringComparer.Ordinal).ToArray();
                foreach (var t in _topics) _transport.Topic(t);
                if (!_group.Members.Contains(this)) _group.Members.Add(this);
                _transport.Rebalance(_group);
            }
        }

        public async ValueTask<ConsumedRecord?> ConsumeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                Task dataArrived;
                lock (_transport._lock)
                {
                    ObjectDisposedException.ThrowIf(_disposed, this);
                    if (TryTake(out var record)) return record;
                    dataArrived = _transport.WaitForData();
                }
                var remaining = deadline - DateTime.UtcNow;
                if (remaining <= TimeSpan.Zero) return null;
                try { await dataArrived.WaitAsync(remaining, cancellationToken).ConfigureAwait(false); }
                catch (TimeoutException) { return null; }
            }
        }

        /// <summary>Round-robin over assigned partitions so one busy partition cannot starve the others. Under the lock.</summary>
        private bool TryTake(out ConsumedRecord? record)
        {
            for (var i = 0; i < _assigned.Count; i++)
            {
                var tp = _assigned[(_next + i) % _assigned.Count];
                var log = _transport._topics[tp.Topic][tp.Partition];
                var position = _positions[tp];
                // Retention overtook this reader: continue from the oldest record kept (auto.offset.reset=earliest).
                if (position < log.LowWatermark) position = log.LowWatermark;
                if (position >= log.HighWatermark) continue;
                var stored = log.Get(position);
                _positions[tp] = position + 1;
                _next = (_next + i + 1) % _assigned.Count;
                record = new ConsumedRecord(new TransportRecord(tp.Topic, stored.Key, stored.Value), tp.Partition, position, stored.Timestamp);
                return true;
            }
            record = null;
            return false;
        }

        public Task CommitOffsetsAsync(IReadOnlyList<PartitionOffset> offsets, CancellationToken cancellationToken = default)
        {
            lock (_transport._lock)
                foreach (var o in offsets) _group.Committed[(o.Topic, o.Partition)] = o.NextOffset;
            return Task.CompletedTask;
        }

        public IReadOnlyList<OwnershipChange> TakeOwnershipChanges()
        {
            lock (_transport._lock)
            {
                if (_changes.Count == 0) return [];
                var taken = _changes;
                _changes = [];
                return taken;
            }
        }

        /// <summary>Called by the rebalance, under the lock. Kept partitions keep their position; new ones start from the commit.</summary>
        public void Assign(List<(string Topic, int Partition)> partitions)
        {
            var kept = new Dictionary<(string, int), long>();
            foreach (var tp in _assigned)
                if (!partitions.Contains(tp)) _changes.Add(new OwnershipChange(tp.Topic, tp.Partition, Assigned: false, null));
            foreach (var tp in partitions)
            {
                if (_positions.TryGetValue(tp, out var p)) kept[tp] = p;
                else if (_group.Committed.TryGetValue(tp, out var committed))
                {
                    kept[tp] = committed;
                    _changes.Add(new OwnershipChange(tp.Topic, tp.Partition, Assigned: true, committed));
                }
                else
                {
                    var log = _transport._topics[tp.Topic][tp.Partition];
                    kept[tp] = _startAtLatest ? log.HighWatermark : log.LowWatermark;
                    _changes.Add(new OwnershipChange(tp.Topic, tp.Partition, Assigned: true, null));
                }
            }
            _positions.Clear();
            foreach (var (k, v) in kept) _positions[k] = v;
            _assigned = partitions;
            _next = 0;
        }

        public IReadOnlyList<string> Topics => _topics;

        public ValueTask DisposeAsync()
        {
            lock (_transport._lock)
            {
                if (_disposed) return ValueTask.CompletedTask;
                _disposed = true;
                _group.Members.Remove(this);
                _transport.Rebalance(_group);
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Round-robin assignment of every subscribed partition among the members subscribed to its topic. Under the lock.</summary>
    private void Rebalance(ConsumerGroup group)
    {
        var assignment = group.Members.ToDictionary(m => m, _ => new List<(string, int)>());
        var topics = group.Members.SelectMany(m => m.Topics).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var turn = 0;
        foreach (var topic in topics)
        {
            var members = group.Members.Where(m => m.Topics.Contains(topic)).ToList();
            for (var p = 0; p < PartitionsPerTopic; p++) assignment[members[turn++ % members.Count]].Add((topic, p));
        }
        foreach (var (member, partitions) in assignment) member.Assign(partitions);
    }
}
