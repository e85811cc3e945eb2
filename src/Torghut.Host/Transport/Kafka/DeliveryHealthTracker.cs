namespace Torghut.Host.Transport.Kafka;

/// <summary>
/// The Kafka readiness gate: not ready after 3 consecutive delivery failures or a failed metadata probe, ready again
/// on the next successful delivery or probe. Also keeps the per-topic counters. Delivery reports arrive on the client's
/// poll thread while probes and snapshots come from others, hence the lock (held for a few increments only).
/// </summary>
internal sealed class DeliveryHealthTracker
{
    public const int FailuresBeforeNotReady = 3;

    private readonly object _gate = new();
    private readonly Dictionary<string, long> _successByTopic = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), long> _failuresByTopicAndClass = new();
    private int _consecutiveFailures;
    private bool _probeFailed;
    private string? _errorClass;
    private long _delivered;
    private long _failed;

    public void Delivered(string topic)
    {
        lock (_gate)
        {
            _delivered++;
            _consecutiveFailures = 0;
            _probeFailed = false;
            _errorClass = null;
            _successByTopic[topic] = _successByTopic.GetValueOrDefault(topic) + 1;
        }
    }

    public void Failed(string topic, string errorClass)
    {
        lock (_gate)
        {
            _failed++;
            _consecutiveFailures++;
            _errorClass = errorClass;
            var key = (topic, errorClass);
            _failuresByTopicAndClass[key] = _failuresByTopicAndClass.GetValueOrDefault(key) + 1;
        }
    }

    public void ProbeSucceeded()
    {
        lock (_gate)
        {
            _probeFailed = false;
            if (_consecutiveFailures < FailuresBeforeNotReady) _errorClass = null;
        }
    }

    public void ProbeFailed(string errorClass)
    {
        lock (_gate)
        {
            _probeFailed = true;
            _errorClass = errorClass;
        }
    }

    public TransportHealth Health(long buffered)
    {
        lock (_gate)
        {
            var ready = !_probeFailed && _consecutiveFailures < FailuresBeforeNotReady;
            return new TransportHealth(ready, _errorClass, _consecutiveFailures, buffered, _delivered, _failed);
        }
    }

    public (long Delivered, long Failed, Dictionary<string, long> Success, Dictionary<(string, string), long> Failures) Counters()
    {
        lock (_gate)
            return (_delivered, _failed, new Dictionary<string, long>(_successByTopic, StringComparer.Ordinal),
                new Dictionary<(string, string), long>(_failuresByTopicAndClass));
    }
}
