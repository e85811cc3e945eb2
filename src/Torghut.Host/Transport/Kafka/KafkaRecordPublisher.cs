using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// <see cref="IRecordPublisher"/> over a Confluent.Kafka producer configured as upstream's forwarder.
/// Bounded: at most <see cref="KafkaSettings.BufferRecords"/> records are handed to the client and unacknowledged at
/// once; beyond that <see cref="PublishAsync"/> waits for a delivery report to free a slot, so a slow or absent broker
/// slows the websocket reader down instead of growing memory. Delivery reports drive <see cref="Health"/>.
/// </summary>
public sealed class KafkaRecordPublisher : IRecordPublisher
{
    private readonly KafkaSettings _settings;
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly ILogger _logger;
    private readonly KafkaClientLog _clientLog;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _disposing = new();
    private readonly Utf8KeyCache _keys = new();
    private readonly DeliveryHealthTracker _tracker = new();
    // One delegate for every record: no per-record closure.
    private readonly Action<DeliveryReport<byte[], byte[]>> _onDelivery;
    // Records handed to the client per topic: with the tracker's per-topic outcomes, what is left when it closes.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _producedByTopic = new(StringComparer.Ordinal);
    private long _published;
    private long _buffered;
    private long _waits;
    private long _waitTicks;
    private long _lastAuthErrorTicks = long.MinValue / 2;
    private int _disposed;

    private readonly DeliveryFailures? _failures;

    public KafkaRecordPublisher(KafkaSettings settings, ILogger<KafkaRecordPublisher>? logger = null, DeliveryFailures? failures = null)
    {
        _failures = failures;
        _settings = settings;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _clientLog = new KafkaClientLog(_logger, "client");
        _slots = new SemaphoreSlim(settings.BufferRecords, settings.BufferRecords);
        _onDelivery = OnDelivery;
        _producer = new ProducerBuilder<byte[], byte[]>(settings.ToProducerConfig())
            .SetErrorHandler(OnClientError)
            .SetLogHandler(OnClientLog)
            .Build();
    }

    /// <summary>The host's shutdown budget: the final flush never runs past its flush phase. Null: KAFKA_FLUSH_TIMEOUT_MS alone.</summary>
    public Shutdown.ShutdownBudget? Shutdown { get; init; }

    /// <summary>Optional produce → ack latency histogram (benchmarks, diagnostics); null costs nothing.</summary>
    public DeliveryLatency? Latency { get; init; }

    public TransportHealth Health => _tracker.Health(Interlocked.Read(ref _buffered));

    public KafkaPublisherStats Stats
    {
        get
        {
            var (delivered, failed, success, failures) = _tracker.Counters();
            return new KafkaPublisherStats(Interlocked.Read(ref _published), delivered, failed, Interlocked.Read(ref _buffered),
                Interlocked.Read(ref _waits), TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks)), success, failures);
        }
    }

    public ValueTask PublishAsync(TransportRecord record, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Fast path: room in the buffer, nothing awaited, nothing allocated for the wait.
        if (_slots.Wait(0))
        {
            Produce(record);
            return ValueTask.CompletedTask;
        }
        return WaitThenProduceAsync(record, cancellationToken);
    }

    private async ValueTask WaitThenProduceAsync(TransportRecord record, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waits);
        var started = Stopwatch.GetTimestamp();
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token))
        {
            try { await _slots.WaitAsync(linked.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ObjectDisposedException(nameof(KafkaRecordPublisher));
            }
            finally { Interlocked.Add(ref _waitTicks, Stopwatch.GetElapsedTime(started).Ticks); }
        }
        Produce(record);
    }

    private void Produce(TransportRecord record)
    {
        // Confluent.Kafka needs a byte[]; librdkafka copies it during Produce, so the caller may reuse its buffer as
        // soon as PublishAsync completes. A value that already is a whole array goes through without a copy.
        var value = MemoryMarshal.TryGetArray(record.Value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : record.Value.ToArray();
        var message = new Message<byte[], byte[]> { Key = _keys.Get(record.Key), Value = value };
        Interlocked.Increment(ref _buffered);
        try
        {
            // A sampled record gets its own handler remembering when it was produced; all others share one delegate.
            _producer.Produce(record.Topic, message, Latency?.Sample() is true ? Timed(Stopwatch.GetTimestamp()) : _onDelivery);
            Interlocked.Increment(ref _published);
            Interlocked.Increment(ref _producedByTopic.GetOrAdd(record.Topic, _ => new StrongBox<long>()).Value);
        }
        catch (Exception)
        {
            // Not handed to the client (e.g. an invalid topic name): give the slot back and let the caller see why.
            Interlocked.Decrement(ref _buffered);
            _slots.Release();
            throw;
        }
    }

    /// <summary>How long before its delivery report a failed record can have been produced: the delivery timeout and
    /// linger with a margin; with no timeout (retry until delivered) only a non-retriable error fails, well within 10 min.</summary>
    private TimeSpan ProducedWithin => TimeSpan.FromMilliseconds(_settings.DeliveryTimeoutMs > 0
        ? _settings.DeliveryTimeoutMs + _settings.LingerMs + 60_000 : 600_000);

    private void OnDelivery(DeliveryReport<byte[], byte[]> report)
    {
        if (report.Error.IsError)
        {
            var errorClass = KafkaErrorClass.Classify(report.Error.Code);
            // Failed SASL shows up in delivery reports only as a timeout; the client's error callback saw the cause.
            if (errorClass == KafkaErrorClass.Metadata && RecentAuthError()) errorClass = KafkaErrorClass.Auth;
            _tracker.Failed(report.Topic, errorClass);
            _logger.LogDebug("delivery to {Topic} failed: {Code} ({ErrorClass})", report.Topic, report.Error.Code, errorClass);
            // Not lost: the owner of the record (an ingest lane) repairs it from the venue's history.
            if (_failures is not null && report.Message?.Key is { } key)
                _failures.Report(new DeliveryFailure(new TransportRecord(report.Topic, System.Text.Encoding.UTF8.GetString(key), report.Message.Value),
                    DateTimeOffset.UtcNow - ProducedWithin));
        }
        else
        {
            _tracker.Delivered(report.Topic);
        }
        Interlocked.Decrement(ref _buffered);
        _slots.Release();
    }

    private Action<DeliveryReport<byte[], byte[]>> Timed(long producedAt) => report =>
    {
        OnDelivery(report);
        if (!report.Error.IsError) Latency!.Observe(Stopwatch.GetElapsedTime(producedAt));
    };

    private bool RecentAuthError() =>
        Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastAuthErrorTicks)) < TimeSpan.FromMilliseconds(_settings.DeliveryTimeoutMs + 5_000);

    private void OnClientError(IProducer<byte[], byte[]> producer, Error error)
    {
        if (KafkaErrorClass.Classify(error.Code) == KafkaErrorClass.Auth)
            Interlocked.Exchange(ref _lastAuthErrorTicks, Stopwatch.GetTimestamp());
        _clientLog.Error(error);
    }

    private void OnClientLog(IProducer<byte[], byte[]> producer, LogMessage message) => _clientLog.Log(message, KafkaClientLog.LevelOf(message.Level));

    /// <summary>
    /// Checks every topic exists and each partition has a leader (upstream's <c>partitionsFor</c> before a session).
    /// A failure turns <see cref="Health"/> not ready until the next success.
    /// </summary>
    public async Task<KafkaProbeResult> ProbeAsync(IReadOnlyList<string> topics, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var wait = timeout ?? TimeSpan.FromMilliseconds(_settings.RequestTimeoutMs);
        var result = await Task.Run(() => Probe(topics, wait), cancellationToken).ConfigureAwait(false);
        if (result.Ok) _tracker.ProbeSucceeded();
        else _tracker.ProbeFailed(result.ErrorClass!);
        return result;
    }

    private KafkaProbeResult Probe(IReadOnlyList<string> topics, TimeSpan timeout)
    {
        var partitions = new Dictionary<string, int>(StringComparer.Ordinal);
        // Shares the producer's connections; a separate admin client would open its own.
        using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
        foreach (var topic in topics)
        {
            Metadata metadata;
            try { metadata = admin.GetMetadata(topic, timeout); }
            catch (KafkaException e)
            {
                return new KafkaProbeResult(false, KafkaErrorClass.Classify(e.Error.Code), $"{topic}: {e.Error.Code} {e.Error.Reason}", partitions);
            }
            var meta = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (meta is null || meta.Error.IsError)
            {
                var code = meta?.Error.Code ?? ErrorCode.UnknownTopicOrPart;
                return new KafkaProbeResult(false, KafkaErrorClass.Classify(code), $"{topic}: {code}", partitions);
            }
            if (meta.Partitions.Count == 0 || meta.Partitions.Any(p => p.Leader < 0 || p.Error.IsError))
                return new KafkaProbeResult(false, KafkaErrorClass.Metadata, $"{topic}: a partition has no leader", partitions);
            partitions[topic] = meta.Partitions.Count;
        }
        return new KafkaProbeResult(true, null, null, partitions);
    }

    public Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.Run(() => Flush(timeout, cancellationToken), cancellationToken);

    private bool Flush(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            // Short slices so cancellation is noticed; Flush also serves delivery reports.
            var remaining = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            var slice = remaining < TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100);
            var left = _producer.Flush(slice > TimeSpan.Zero ? slice : TimeSpan.Zero);
            if (left == 0 && Interlocked.Read(ref _buffered) == 0) return true;
            if (remaining <= TimeSpan.Zero || cancellationToken.IsCancellationRequested) return false;
        }
    }

    /// <summary>Records handed to the client and neither acknowledged nor failed yet, per topic (topics with none left out).</summary>
    public IReadOnlyDictionary<string, long> Undelivered()
    {
        var (_, _, success, failures) = _tracker.Counters();
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (topic, produced) in _producedByTopic)
        {
            var left = Interlocked.Read(ref produced.Value) - success.GetValueOrDefault(topic) -
                       failures.Where(f => f.Key.Item1 == topic).Sum(f => f.Value);
            if (left > 0) result[topic] = left;
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _disposing.Cancel();
        var timeout = TimeSpan.FromMilliseconds(_settings.FlushTimeoutMs);
        if (Shutdown?.FlushLeft(timeout) is { } budgetLeft && budgetLeft < timeout) timeout = budgetLeft;
        if (!await FlushAsync(timeout).ConfigureAwait(false))
        {
            var left = Undelivered();
            _logger.LogWarning("kafka publisher stopped with {Undelivered} records undelivered after {Seconds:0.#} s ({ByTopic}); " +
                               "ingest records are repaired from the venue's history at the next start, TA outputs recomputed from the uncommitted offsets",
                left.Values.Sum(), timeout.TotalSeconds, string.Join(", ", left.Select(kv => $"{kv.Key}: {kv.Value}")));
        }
        await Task.Run(_producer.Dispose).ConfigureAwait(false);
        _disposing.Dispose();
    }
}
