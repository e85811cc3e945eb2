using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Host.Storage;
using Torghut.Host.Transport;

namespace Torghut.Host.Analysis;

/// <summary>
/// Write-behind between the TA worker loop and the store: on ClickHouse every INSERT is a new part costing 10–50 ms
/// however small, so rows of consecutive batches go as one write per <c>batchRows</c> or <c>flushInterval</c>, one
/// write at a time, while the worker computes. A hand-off's offsets become ready only once its rows and all earlier
/// ones are acknowledged; more than 2 × <c>batchRows</c> unacknowledged rows of a table make the hand-off wait; a
/// failed write is retried until the store takes it unless a give-up is set (docs/storage.md, ADR 0002). The hand-off
/// side is called by one thread at a time: the worker loop.
/// </summary>
public sealed class TaStoreWriter : IAsyncDisposable
{
    // How far the clock may move between computing a flush delay and arming its timer before the delay is recomputed.
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromMilliseconds(5);
    private readonly ITaStore _store;
    private readonly int _batchRows;
    private readonly TimeSpan _flushInterval;
    private readonly TimeProvider _time;
    private readonly Action<int, int>? _acknowledged;
    private readonly StoreWriteRetry _write;
    private readonly object _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<HandOff> _handOffs = new();
    private readonly Task _flushLoop;
    private List<TaMicrobar> _pendingBars = [];
    private List<TaSignal> _pendingSignals = [];
    // Running row counts per table: handed over ≥ taken by a flush ≥ acknowledged. A hand-off's commits are ready when
    // the acknowledged counts reach its cumulative counts.
    private long _handedBars, _handedSignals, _takenBars, _takenSignals, _ackedBars, _ackedSignals;
    private DateTimeOffset _oldestPendingAt;
    private bool _drain;
    // The give-up's failure (its message says what was given up and why), thrown by every later call.
    private StorageException? _failure;
    private TaskCompletionSource _wake = NewSignal(), _progress = NewSignal();

    /// <param name="acknowledged">Called (from the flush task) with the microbars and signals of each acknowledged write.</param>
    public TaStoreWriter(ITaStore store, int batchRows, TimeSpan flushInterval, Action<int, int>? acknowledged = null, TimeProvider? time = null,
        StoreRetryPolicy? retry = null, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchRows, 1);
        _store = store;
        _batchRows = batchRows;
        _flushInterval = flushInterval;
        _acknowledged = acknowledged;
        _time = time ?? TimeProvider.System;
        _write = new StoreWriteRetry(store, retry ?? StoreRetryPolicy.Default, _time, logger ?? NullLogger.Instance);
        MaxUnacknowledged = 2L * batchRows;
        _flushLoop = Task.Run(FlushLoopAsync);
    }

    /// <summary>Whether writes get through (readiness, metrics).</summary>
    public StoreWriteHealth Health => _write.Health;

    /// <summary>Most unacknowledged rows per table a hand-off returns with (more make it wait).</summary>
    public long MaxUnacknowledged { get; }

    /// <summary>Rows handed over and not yet acknowledged: (microbars, signals).</summary>
    public (long Microbars, long Signals) Unacknowledged
    {
        get { lock (_lock) return (_handedBars - _ackedBars, _handedSignals - _ackedSignals); }
    }

    /// <summary>
    /// Queues one consume batch's rows (copied: the caller reuses its lists) and the offsets it may commit once they
    /// and everything before them are stored. Returns when at most <see cref="MaxUnacknowledged"/> rows of each table
    /// are unacknowledged.
    /// </summary>
    public async Task HandOffAsync(IReadOnlyList<TaMicrobar> microbars, IReadOnlyList<TaSignal> signals, IReadOnlyList<PartitionOffset> commits,
        CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ThrowIfFailed();
            if (microbars.Count + signals.Count + commits.Count == 0) return;
            var now = _time.GetUtcNow();
            if (microbars.Count + signals.Count > 0)
            {
                if (_handedBars == _takenBars && _handedSignals == _takenSignals) _oldestPendingAt = now;
                _pendingBars.AddRange(microbars);
                _pendingSignals.AddRange(signals);
                _handedBars += microbars.Count;
                _handedSignals += signals.Count;
                Signal(ref _wake);
            }
            _handOffs.Enqueue(new HandOff(_handedBars, _handedSignals, now, [.. commits]));
        }
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                ThrowIfFailed();
                if (_handedBars - _ackedBars <= MaxUnacknowledged && _handedSignals - _ackedSignals <= MaxUnacknowledged) return;
                progress = _progress.Task;
            }
            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether <see cref="TakeReadyCommits"/> would return something (or throw). Lets the caller confirm its outputs first.</summary>
    public bool HasReadyCommits
    {
        get
        {
            lock (_lock) return _failure is not null || (_handOffs.TryPeek(out var h) && h.Bars <= _ackedBars && h.Signals <= _ackedSignals);
        }
    }

    /// <summary>
    /// The offsets whose rows (and all earlier rows) are acknowledged, newest per partition, each returned once.
    /// Throws if a write failed.
    /// </summary>
    public List<PartitionOffset> TakeReadyCommits()
    {
        lock (_lock)
        {
            ThrowIfFailed();
            var ready = new Dictionary<(string Topic, int Partition), PartitionOffset>();
            while (_handOffs.TryPeek(out var h) && h.Bars <= _ackedBars && h.Signals <= _ackedSignals)
            {
                _handOffs.Dequeue();
                foreach (var commit in h.Commits) ready[(commit.Topic, commit.Partition)] = commit;
            }
            return [.. ready.Values];
        }
    }

    /// <summary>
    /// The group took the partition: its queued commits are dropped (a commit now could move the new owner's start past
    /// records it has not processed). Its queued rows are still written: correct as far as they go.
    /// </summary>
    public void DropPartition(string topic, int partition)
    {
        lock (_lock)
            foreach (var h in _handOffs) h.Commits.RemoveAll(c => c.Partition == partition && c.Topic == topic);
    }

    /// <summary>Flushes everything handed over, without waiting for the size or interval, and returns once it is acknowledged.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _drain = true;
            Signal(ref _wake);
        }
        try
        {
            while (true)
            {
                Task progress;
                lock (_lock)
                {
                    ThrowIfFailed();
                    if (_ackedBars == _handedBars && _ackedSignals == _handedSignals) return;
                    progress = _progress.Task;
                }
                await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_lock) _drain = false;
        }
    }

    private async Task FlushLoopAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            List<TaMicrobar>? bars = null;
            List<TaSignal>? signals = null;
            Task wake;
            TimeSpan wait;
            DateTimeOffset now;
            lock (_lock)
            {
                wake = _wake.Task;
                now = _time.GetUtcNow();
                wait = DueIn(now);
                if (wait == TimeSpan.Zero) (bars, signals) = TakeSegment();
            }
            if (bars is null || signals is null)
            {
                await WaitAsync(wake, wait, now, stop).ConfigureAwait(false);
                continue;
            }
            StorageException? gaveUp;
            try { gaveUp = await _write.WriteAsync(bars, signals, stop).ConfigureAwait(false); }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { return; } // abandoned: never committed
            if (gaveUp is not null)
            {
                lock (_lock)
                {
                    _failure = gaveUp;
                    Signal(ref _progress);
                }
                return;
            }
            lock (_lock)
            {
                _ackedBars += bars.Count;
                _ackedSignals += signals.Count;
                Signal(ref _progress);
            }
            _acknowledged?.Invoke(bars.Count, signals.Count);
        }
    }

    /// <summary>Zero when a flush is due now; infinite when nothing is pending.</summary>
    private TimeSpan DueIn(DateTimeOffset now)
    {
        long bars = _handedBars - _takenBars, signals = _handedSignals - _takenSignals;
        if (bars == 0 && signals == 0) return Timeout.InfiniteTimeSpan;
        if (bars >= _batchRows || signals >= _batchRows || _drain) return TimeSpan.Zero;
        var left = _flushInterval - (now - _oldestPendingAt);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Up to one INSERT's worth of each table, oldest first.</summary>
    private (List<TaMicrobar>, List<TaSignal>) TakeSegment()
    {
        var bars = Take(ref _pendingBars);
        var signals = Take(ref _pendingSignals);
        _takenBars += bars.Count;
        _takenSignals += signals.Count;
        // What is left waits from the hand-off that brought its oldest row.
        foreach (var h in _handOffs)
            if (h.Bars > _takenBars || h.Signals > _takenSignals)
            {
                _oldestPendingAt = h.At;
                break;
            }
        return (bars, signals);
    }

    private List<T> Take<T>(ref List<T> pending)
    {
        if (pending.Count <= _batchRows)
        {
            var all = pending;
            pending = [];
            return all;
        }
        var head = pending.GetRange(0, _batchRows);
        pending.RemoveRange(0, _batchRows);
        return head;
    }

    /// <summary>Waits for a hand-off (<paramref name="wake"/>) or until <paramref name="wait"/> after <paramref name="computedAt"/>.</summary>
    private async Task WaitAsync(Task wake, TimeSpan wait, DateTimeOffset computedAt, CancellationToken stop)
    {
        try
        {
            if (wait == Timeout.InfiniteTimeSpan)
            {
                await wake.WaitAsync(stop).ConfigureAwait(false);
                return;
            }
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var delay = Task.Delay(wait, _time, timer.Token);
            // A timer counts from when it is armed, not from when `wait` was computed: if the clock moved in between
            // (this thread was starved, or a test stepped its clock), the flush would come late by as much. Recompute.
            if (_time.GetUtcNow() - computedAt > ArmingSlack)
            {
                await timer.CancelAsync().ConfigureAwait(false);
                return;
            }
            await Task.WhenAny(wake, delay).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void ThrowIfFailed()
    {
        if (_failure is not null) throw new StorageException(_failure.Message, _failure.InnerException);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes the current signal and arms a new one (under the lock).</summary>
    private static void Signal(ref TaskCompletionSource signal)
    {
        var fired = signal;
        signal = NewSignal();
        fired.TrySetResult();
    }

    /// <summary>Stops the flush task; rows not yet acknowledged are abandoned (call <see cref="DrainAsync"/> first to keep them).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _flushLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private sealed record HandOff(long Bars, long Signals, DateTimeOffset At, List<PartitionOffset> Commits);
}
