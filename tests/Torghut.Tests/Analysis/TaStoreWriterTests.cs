using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;
using Torghut.Host.Transport;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;

namespace Torghut.Tests.Analysis;

/// <summary>
/// The TA worker's write-behind: rows of several consume batches become one store write (by size or by age), the
/// worker goes on while a write is in flight, and a batch's offsets are handed back for commit only after the store
/// acknowledged its rows and every earlier row. The store here acknowledges (or fails) only when the test says so;
/// the clock moves only when the test moves it.
/// </summary>
public sealed class TaStoreWriterTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly GatedStore _store = new();
    private readonly ManualTime _time = new();
    private readonly SemaphoreSlim _acks = new(0);
    private long _ackedMicrobars;
    private readonly List<TaStoreWriter> _writers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _store.ReleaseAll();
        foreach (var writer in _writers) await writer.DisposeAsync();
    }

    private TaStoreWriter Writer(int batchRows)
    {
        var writer = new TaStoreWriter(_store, batchRows, Interval, (bars, _) =>
        {
            Interlocked.Add(ref _ackedMicrobars, bars);
            _acks.Release();
        }, _time);
        _writers.Add(writer);
        return writer;
    }

    /// <summary>Waits until the writer has taken in one more acknowledgement (its ready commits are then final).</summary>
    private async Task AcknowledgedAsync() => (await _acks.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue("the writer saw the acknowledgement");

    private static int _second;

    internal static (List<TaMicrobar> Bars, List<TaSignal> Signals) Rows(int n)
    {
        var bars = new List<TaMicrobar>();
        var signals = new List<TaSignal>();
        for (var i = 0; i < n; i++)
        {
            var s = Interlocked.Increment(ref _second);
            bars.Add(TaRows.Microbar("BTC/USD", s));
            signals.Add(TaRows.FullSignal("BTC/USD", s));
        }
        return (bars, signals);
    }

    internal static PartitionOffset At(int partition, long offset) => new("torghut.trades.v1", partition, offset);

    private static async Task HandOff(TaStoreWriter writer, (List<TaMicrobar> Bars, List<TaSignal> Signals) rows, params PartitionOffset[] commits) =>
        await writer.HandOffAsync(rows.Bars, rows.Signals, commits);

    [Fact]
    public async Task A_batch_s_offsets_are_ready_only_after_its_rows_and_all_earlier_rows_are_acknowledged()
    {
        var writer = Writer(batchRows: 10);
        var a = Rows(10);
        await HandOff(writer, a, At(0, 5)); // a full INSERT: written at once
        var first = await _store.NextWriteAsync();
        first.Bars.ShouldBe(a.Bars);
        var b = Rows(3);
        await HandOff(writer, b, At(0, 8), At(1, 3)); // waits for the interval
        await HandOff(writer, ([], []), At(1, 4));     // no rows of its own, but behind b's
        writer.TakeReadyCommits().ShouldBeEmpty("nothing is acknowledged yet");
        Interlocked.Read(ref _ackedMicrobars).ShouldBe(0);

        first.Ack();
        await AcknowledgedAsync();
        writer.TakeReadyCommits().ShouldBe([At(0, 5)], "a's rows are stored; b's are not written yet");
        Interlocked.Read(ref _ackedMicrobars).ShouldBe(10);

        _time.Advance(Interval);
        var second = await _store.NextWriteAsync();
        second.Bars.ShouldBe(b.Bars);
        writer.TakeReadyCommits().ShouldBeEmpty("b's write is not acknowledged");
        second.Ack();
        await AcknowledgedAsync();
        writer.TakeReadyCommits().ShouldBe([At(0, 8), At(1, 4)], ignoreOrder: true);
        writer.TakeReadyCommits().ShouldBeEmpty("each offset is handed back once");
    }

    [Fact]
    public async Task Rows_of_consecutive_batches_go_to_the_store_as_one_write_of_batch_size_rows()
    {
        _store.AutoAck = true;
        var writer = Writer(batchRows: 10);
        var batches = Enumerable.Range(0, 4).Select(_ => Rows(3)).ToList();
        for (var i = 0; i < 3; i++) await HandOff(writer, batches[i], At(0, i + 1));
        _store.WriteCount.ShouldBe(0, "9 rows per table are below the batch size and none has waited the interval");

        await HandOff(writer, batches[3], At(0, 4));
        var merged = await _store.NextWriteAsync();
        merged.Bars.ShouldBe(batches.SelectMany(b => b.Bars).Take(10).ToList(), "one write of exactly one INSERT per table, in hand-off order");
        merged.Signals.ShouldBe(batches.SelectMany(b => b.Signals).Take(10).ToList());
        await AcknowledgedAsync();
        writer.TakeReadyCommits().ShouldBe([At(0, 3)], "the first three batches are stored; the fourth only in part");

        await writer.DrainAsync();
        var rest = await _store.NextWriteAsync();
        rest.Bars.ShouldBe(batches[3].Bars.Skip(1).ToList());
        writer.TakeReadyCommits().ShouldBe([At(0, 4)]);
    }

    [Fact]
    public async Task A_trickle_is_written_once_its_oldest_row_has_waited_the_flush_interval()
    {
        _store.AutoAck = true;
        var writer = Writer(batchRows: 50_000);
        var first = Rows(1);
        await HandOff(writer, first, At(2, 1));
        _time.Advance(TimeSpan.FromMilliseconds(600));
        var second = Rows(1);
        await HandOff(writer, second, At(2, 2));
        _time.Advance(TimeSpan.FromMilliseconds(300));
        _store.WriteCount.ShouldBe(0, "the oldest row has waited 900 ms of 1000");

        _time.Advance(TimeSpan.FromMilliseconds(100));
        var write = await _store.NextWriteAsync();
        write.Bars.ShouldBe([.. first.Bars, .. second.Bars]);
        await AcknowledgedAsync();
        writer.TakeReadyCommits().ShouldBe([At(2, 2)]);
    }

    [Fact]
    public async Task A_hand_off_waits_while_more_than_twice_the_batch_size_is_unacknowledged()
    {
        var writer = Writer(batchRows: 10);
        writer.MaxUnacknowledged.ShouldBe(20);
        await HandOff(writer, Rows(10), At(0, 1));
        var first = await _store.NextWriteAsync();
        await HandOff(writer, Rows(10), At(0, 2)); // the worker goes on while the first write is in flight
        writer.Unacknowledged.ShouldBe((20, 20));

        var five = Rows(5);
        var third = writer.HandOffAsync(five.Bars, five.Signals, [At(0, 3)]);
        third.IsCompleted.ShouldBeFalse("25 rows per table would be unacknowledged");
        first.Ack();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        var (bars, signals) = writer.Unacknowledged;
        bars.ShouldBeLessThanOrEqualTo(writer.MaxUnacknowledged);
        signals.ShouldBeLessThanOrEqualTo(writer.MaxUnacknowledged);
        (await _store.NextWriteAsync()).Bars.Count.ShouldBe(10, "writes stay one at a time, in order");
    }

    [Fact]
    public async Task Offsets_of_a_partition_given_up_while_its_rows_were_pending_are_dropped()
    {
        _store.AutoAck = true;
        var writer = Writer(batchRows: 50_000);
        await HandOff(writer, Rows(4), At(0, 40), At(1, 70));
        await HandOff(writer, Rows(4), At(0, 45));
        writer.DropPartition("torghut.trades.v1", 0);
        await HandOff(writer, Rows(2), At(0, 12)); // the partition came back: offsets of the new assignment count

        await writer.DrainAsync();
        writer.TakeReadyCommits().ShouldBe([At(1, 70), At(0, 12)], ignoreOrder: true);
        _store.Written.Sum(w => w.Bars.Count).ShouldBe(10, "the given-up partition's rows are still written");
    }

    [Fact]
    public async Task Drain_writes_everything_pending_at_once_so_a_stopping_worker_can_commit()
    {
        _store.AutoAck = true;
        var writer = Writer(batchRows: 50_000);
        var rows = Rows(7);
        await HandOff(writer, rows, At(0, 7));
        _store.WriteCount.ShouldBe(0);

        await writer.DrainAsync();
        _store.Written.Single().Bars.ShouldBe(rows.Bars);
        writer.Unacknowledged.ShouldBe((0, 0));
        writer.TakeReadyCommits().ShouldBe([At(0, 7)]);
    }
}
