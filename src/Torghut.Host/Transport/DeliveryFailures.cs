namespace Torghut.Host.Transport;

/// <summary>
/// Records the transport gave up on (a finite delivery timeout, a non-retriable broker error), fanned out to whoever
/// owns them: an ingest lane turns each into a hole it repairs from the venue's history once the transport is back.
/// Handlers run on the transport's delivery thread: they must be quick and must not block.
/// </summary>
public sealed class DeliveryFailures : Composition.IHostComponent
{
    private readonly object _gate = new();
    private Action<DeliveryFailure>[] _handlers = [];

    /// <summary>Adds a handler; dispose the result to remove it.</summary>
    public IDisposable Subscribe(Action<DeliveryFailure> handler)
    {
        lock (_gate) _handlers = [.. _handlers, handler];
        return new Subscription(this, handler);
    }

    public void Report(DeliveryFailure failure)
    {
        foreach (var handler in Volatile.Read(ref _handlers)) handler(failure);
    }

    private sealed class Subscription(DeliveryFailures owner, Action<DeliveryFailure> handler) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._gate) owner._handlers = owner._handlers.Where(h => h != handler).ToArray();
        }
    }
}

/// <summary>
/// A record the transport gave up on. Giving up does not prove the broker never stored it: a request timed out in
/// flight may have been written (librdkafka's "possibly persisted"), so whoever repairs it first re-reads the topic
/// from <paramref name="ProducedAfter"/>, a time before the record can have been stored.
/// </summary>
public readonly record struct DeliveryFailure(TransportRecord Record, DateTimeOffset ProducedAfter);
