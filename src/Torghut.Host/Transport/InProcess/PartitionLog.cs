namespace Torghut.Host.Transport.InProcess;

/// <summary>
/// One partition's records, offsets from 0, keeping at most <c>retention</c> newest records (the low watermark moves
/// like Kafka's on retention). Not thread-safe: <see cref="InProcessTransport"/> guards it with its lock.
/// </summary>
internal sealed class PartitionLog(int retention)
{
    private readonly List<StoredRecord> _items = [];
    private int _head;

    /// <summary>Offset of the oldest retained record.</summary>
    public long LowWatermark { get; private set; }

    /// <summary>Offset the next appended record gets.</summary>
    public long HighWatermark => LowWatermark + (_items.Count - _head);

    public long Append(StoredRecord record)
    {
        var offset = HighWatermark;
        _items.Add(record);
        if (_items.Count - _head > retention)
        {
            _items[_head++] = default;
            LowWatermark++;
            // Compact once the dropped prefix is half the list, so dropping stays amortized O(1).
            if (_head > 1024 && _head * 2 > _items.Count)
            {
                _items.RemoveRange(0, _head);
                _head = 0;
            }
        }
        return offset;
    }

    public StoredRecord Get(long offset) => _items[_head + (int)(offset - LowWatermark)];
}

internal readonly record struct StoredRecord(string Key, byte[] Value, DateTimeOffset Timestamp);
