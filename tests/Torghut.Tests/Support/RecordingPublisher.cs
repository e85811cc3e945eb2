using System.Collections.Concurrent;
using System.Text.Json;
using Torghut.Host.Transport;

namespace Torghut.Tests.Support;

/// <summary>A transport that keeps what it is given, so session tests can compare envelopes with the venue's truth.</summary>
public sealed class RecordingPublisher : IRecordPublisher
{
    public ConcurrentQueue<TransportRecord> Records { get; } = new();

    public ValueTask PublishAsync(TransportRecord record, CancellationToken cancellationToken = default)
    {
        Records.Enqueue(record);
        return ValueTask.CompletedTask;
    }

    public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.FromResult(true);

    /// <summary>Set to report the transport down (as 3 consecutive Kafka delivery failures would).</summary>
    public bool Down { get; set; }

    public TransportHealth Health => new(!Down, Down ? "kafka_produce" : null, Down ? 3 : 0, 0, Records.Count, 0);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Parsed envelopes of one channel.</summary>
    public List<JsonElement> Envelopes(string channel) => Records
        .Select(r => JsonDocument.Parse(r.Value).RootElement)
        .Where(e => e.GetProperty("channel").GetString() == channel)
        .ToList();
}
