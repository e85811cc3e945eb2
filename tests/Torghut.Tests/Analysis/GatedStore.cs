using System.Threading.Channels;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

/// <summary>An <see cref="ITaStore"/> whose writes complete when the test acknowledges or fails them.</summary>
internal sealed class GatedStore : ITaStore
{
    private readonly Channel<PendingWrite> _unread = Channel.CreateUnbounded<PendingWrite>();
    private readonly List<PendingWrite> _all = [];

    public bool AutoAck { get; set; }

    /// <summary>Writes started and not yet taken by <see cref="NextWriteAsync"/>.</summary>
    public int WriteCount => _unread.Reader.Count;

    public IReadOnlyList<PendingWrite> Written
    {
        get { lock (_all) return [.. _all]; }
    }

    public async Task WriteAsync(IReadOnlyList<TaMicrobar> microbars, IReadOnlyList<TaSignal> signals, CancellationToken cancellationToken = default)
    {
        var write = new PendingWrite([.. microbars], [.. signals]);
        if (AutoAck) write.Ack();
        lock (_all) _all.Add(write);
        _unread.Writer.TryWrite(write);
        await write.Done.WaitAsync(cancellationToken);
    }

    public async Task<PendingWrite> NextWriteAsync() =>
        await _unread.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));

    public void ReleaseAll()
    {
        lock (_all) foreach (var w in _all) w.Ack();
    }

    public Task EnsureSchemaAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    public Task<StoreFreshness> FreshnessAsync(string? symbol = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyDictionary<string, StoreFreshness>> RecentFreshnessAsync(IReadOnlyCollection<string> symbols, NanoTimestamp since, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyDictionary<string, (long Microbars, long Signals)>> RowCountsAsync(NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<TaMicrobar>> MicrobarsAsync(string symbol, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<TaSignal>> SignalsAsync(string symbol, Cadence cadence, NanoTimestamp from, NanoTimestamp to, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<TaMicrobar>> MicrobarsBeforeAsync(string symbol, NanoTimestamp from, NanoTimestamp before, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public Task<MicrobarSums> MicrobarSumsAsync(string symbol, NanoTimestamp from, NanoTimestamp toExclusive, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class PendingWrite(List<TaMicrobar> bars, List<TaSignal> signals)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public List<TaMicrobar> Bars => bars;
    public List<TaSignal> Signals => signals;
    public Task Done => _done.Task;
    public void Ack() => _done.TrySetResult();
    public void Fail(Exception e) => _done.TrySetException(e);
}
