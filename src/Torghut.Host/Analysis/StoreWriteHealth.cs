namespace Torghut.Host.Analysis;

/// <summary>
/// Whether the TA worker's store writes are getting through, for readiness, metrics and the status API. Written by
/// the writer's flush task, read by any thread.
/// </summary>
public sealed class StoreWriteHealth
{
    private readonly object _lock = new();
    private DateTimeOffset? _downSince;
    private long _failures, _outages;
    private string? _lastError;

    /// <summary>False from a failed write until the next acknowledged one.</summary>
    public bool Up { get { lock (_lock) return _downSince is null; } }

    /// <summary>When the first failed write of the current outage started; null while up.</summary>
    public DateTimeOffset? DownSince { get { lock (_lock) return _downSince; } }

    /// <summary>Failed write attempts since start (each after the store's own quick retries).</summary>
    public long Failures { get { lock (_lock) return _failures; } }

    /// <summary>Outages since start (runs of failed writes ended by an acknowledged one, or still going).</summary>
    public long Outages { get { lock (_lock) return _outages; } }

    /// <summary>The last failure's message (store messages never carry the password).</summary>
    public string? LastError { get { lock (_lock) return _lastError; } }

    /// <summary>Records a failed attempt that started at <paramref name="attemptStarted"/>; true when it starts an outage.</summary>
    internal bool Failed(DateTimeOffset attemptStarted, Exception error)
    {
        lock (_lock)
        {
            _failures++;
            _lastError = error.Message;
            if (_downSince is not null) return false;
            _downSince = attemptStarted;
            _outages++;
            return true;
        }
    }

    /// <summary>Records an acknowledged write; the length of the outage it ends, or null if the store was up.</summary>
    internal TimeSpan? Succeeded(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_downSince is not { } since) return null;
            _downSince = null;
            return now - since;
        }
    }
}
