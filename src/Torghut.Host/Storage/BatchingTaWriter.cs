using Torghut.Host.Analysis;

namespace Torghut.Host.Storage;

/// <summary>
/// Collects rows from many small writes into one store write of up to <c>batchSize</c> rows, or whatever arrived
/// within <c>flushInterval</c>. Each caller's task completes only when the store acknowledged the batch holding its
/// rows (so Kafka offsets are committed after the write, at-least-once) and fails if that write failed. Dispose
/// flushes what is pending.
/// </summary>
public sealed class BatchingTaWriter : IAsyncDisposable
{
    private readonly ITaStore _store;
    private readonly int _batchSize;
    private readonly object _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _timer;
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private List<TaMicrobar> _bars = [];
    private List<TaSignal> _signals = [];
    private TaskCompletionSource _pending = NewCompletion();

    public BatchingTaWriter(ITaStore store, int batchSize, TimeSpan flushInterval)
    {
        _store = store;
        _batchSize = Math.Max(1, batchSize);
        _timer = TimerLoopAsync(flushInterval);
    }

    private static TaskCompletionSource NewCompletion() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Queues rows; the task completes once they are in the store.</summary>
    public Task WriteAsync(IReadOnlyList<TaMicrobar> microbars, IReadOnlyList<TaSignal> signals)
    {
        Task done;
        bool full;
        lock (_lock)
        {
            _bars.AddRange(microbars);
            _signals.AddRange(signals);
            done = _pending.Task;
            full = _bars.Count + _signals.Count >= _batchSize;
        }
        if (full) _ = FlushAsync();
        return done;
    }

    /// <summary>Writes everything queued so far.</summary>
    public async Task FlushAsync()
    {
        await _flushGate.WaitAsync().ConfigureAwait(false);
        try
        {
            List<TaMicrobar> bars;
            List<TaSignal> signals;
            TaskCompletionSource completion;
            lock (_lock)
            {
                if (_bars.Count == 0 && _signals.Count == 0) return;
                (bars, signals, completion) = (_bars, _signals, _pending);
                (_bars, _signals, _pending) = ([], [], NewCompletion());
            }
            try
            {
                await _store.WriteAsync(bars, signals).ConfigureAwait(false);
                completion.SetResult();
            }
            catch (Exception e)
            {
                completion.SetException(e);
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    private async Task TimerLoopAsync(TimeSpan interval)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false)) await FlushAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _timer.ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
        _stop.Dispose();
        _flushGate.Dispose();
    }
}
