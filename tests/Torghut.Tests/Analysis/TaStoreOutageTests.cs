using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Host.Analysis;
using Torghut.Host.Configuration;
using Torghut.Host.Storage;
using Torghut.Host.Transport;
using Torghut.Tests.Support;
using static Torghut.Tests.Analysis.TaStoreWriterTests;

namespace Torghut.Tests.Analysis;

/// <summary>
/// A store outage as the TA worker's write-behind lives it, on a clock the test moves: failed writes are retried with
/// capped exponential backoff until the store takes them, the rows' offsets become ready only then, the outage is
/// visible while it lasts and logged once at each end, and only a configured give-up fails the writer.
/// </summary>
public sealed class TaStoreOutageTests : IAsyncLifetime
{
    private static readonly StorageException Refused = new("ClickHouse http://127.0.0.1:8123 refused the INSERT (HTTP 500)");
    private readonly GatedStore _store = new();
    private readonly ManualTime _time = new();
    private readonly ListLogger _log = new();
    private TaStoreWriter? _writer;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _store.ReleaseAll();
        if (_writer is not null) await _writer.DisposeAsync();
    }

    private TaStoreWriter Writer(StoreRetryPolicy retry) =>
        _writer = new TaStoreWriter(_store, batchRows: 10, TimeSpan.FromSeconds(1), time: _time, retry: retry, logger: _log);

    /// <summary>Waits until the writer sleeps on its backoff timer, then moves the clock by <paramref name="by"/>.</summary>
    private async Task AdvanceWhenWaitingAsync(TimeSpan by)
    {
        await Eventually.HoldsAsync(() => _time.PendingTimers == 1, "the writer waiting on its backoff", TimeSpan.FromSeconds(10));
        _time.Advance(by);
    }

    [Fact]
    public async Task A_failing_write_is_retried_with_capped_backoff_until_the_store_takes_it_and_only_then_its_offsets_are_ready()
    {
        var writer = Writer(new StoreRetryPolicy(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), GiveUpAfter: null));
        var rows = Rows(10);
        await writer.HandOffAsync(rows.Bars, rows.Signals, [At(0, 10)]);
        var started = _time.GetUtcNow();
        (await _store.NextWriteAsync()).Fail(Refused);
        await Eventually.HoldsAsync(() => !writer.Health.Up, "the outage visible");
        writer.Health.DownSince.ShouldBe(started);

        // Waits between attempts: 0.5, 1, 2, then the 2 s cap. Nothing is retried before its wait is over.
        int[] waits = [500, 1000, 2000, 2000];
        for (var i = 0; i < waits.Length; i++)
        {
            await AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(waits[i] - 1));
            _store.WriteCount.ShouldBe(0, $"no retry before the {waits[i]} ms wait is over");
            _time.Advance(TimeSpan.FromMilliseconds(1));
            var retry = await _store.NextWriteAsync();
            retry.Bars.ShouldBe(rows.Bars, "the same rows are retried");
            writer.HasReadyCommits.ShouldBeFalse("nothing is stored yet");
            writer.TakeReadyCommits().ShouldBeEmpty();
            writer.Health.Up.ShouldBeFalse();
            if (i < waits.Length - 1) retry.Fail(Refused);
            else retry.Ack(); // the store is back
        }

        await Eventually.HoldsAsync(() => writer.Health.Up, "the store is up again");
        writer.TakeReadyCommits().ShouldBe([At(0, 10)]);
        writer.Health.Failures.ShouldBe(4);
        writer.Health.Outages.ShouldBe(1);
        var lines = _log.AtLeast(LogLevel.Information);
        lines.Count.ShouldBe(2, "one line when the outage starts, one when it ends:\n" + string.Join("\n", lines));
        lines[0].ShouldContain("store outage");
        lines[0].ShouldContain("HTTP 500");
        lines[1].ShouldContain("resumed after 5.5 s of outage (4 failed attempts");
    }

    [Fact]
    public async Task During_an_outage_hand_offs_wait_at_the_backpressure_bound_and_go_on_once_the_store_is_back()
    {
        var writer = Writer(new StoreRetryPolicy(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), GiveUpAfter: null));
        await HandOffRows(writer, 10, At(0, 1));
        (await _store.NextWriteAsync()).Fail(Refused);
        await HandOffRows(writer, 10, At(0, 2));
        var more = Rows(5);
        var blocked = writer.HandOffAsync(more.Bars, more.Signals, [At(0, 3)]);
        blocked.IsCompleted.ShouldBeFalse("25 rows per table would be unacknowledged: memory stays bounded");

        _store.AutoAck = true; // the store is back: the retry and every later write are taken
        await AdvanceWhenWaitingAsync(TimeSpan.FromSeconds(1));
        await blocked.WaitAsync(TimeSpan.FromSeconds(10));
        await writer.DrainAsync().WaitAsync(TimeSpan.FromSeconds(10));
        _store.Written.Sum(w => w.Bars.Count).ShouldBe(35, "the failed write (10), its retry (10) and the other 15 rows");
        writer.TakeReadyCommits().ShouldBe([At(0, 3)]);
    }

    [Fact]
    public async Task With_a_give_up_set_the_writer_fails_exactly_then_and_nothing_handed_over_since_is_ever_ready()
    {
        var writer = Writer(new StoreRetryPolicy(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), GiveUpAfter: TimeSpan.FromSeconds(3)));
        await HandOffRows(writer, 10, At(0, 10));
        (await _store.NextWriteAsync()).Fail(Refused);                                   // t = 0
        await HandOffRows(writer, 3, At(0, 13));
        foreach (var wait in new[] { 500, 1000, 1500 })                                  // t = 0.5, 1.5, and 3.0, not 3.5
        {
            await AdvanceWhenWaitingAsync(TimeSpan.FromMilliseconds(wait));
            (await _store.NextWriteAsync()).Fail(Refused);
        }

        var error = await Should.ThrowAsync<StorageException>(() => writer.DrainAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        error.Message.ShouldContain("10 microbars + 10 signals failed for 3 s");
        error.Message.ShouldContain("TA_STORE_GIVE_UP_AFTER_MS");
        error.Message.ShouldContain("HTTP 500");
        Should.Throw<StorageException>(() => writer.TakeReadyCommits());
        await Should.ThrowAsync<StorageException>(() => HandOffRows(writer, 1, At(0, 14)));
        _store.WriteCount.ShouldBe(0, "nothing is written after the give-up");
        _log.AtLeast(LogLevel.Error).ShouldHaveSingleItem().ShouldContain("failed for 3 s");
    }

    [Fact]
    public void Backoff_doubles_from_the_base_up_to_the_cap_and_the_settings_read_as_documented()
    {
        var policy = StoreRetryPolicy.Default;
        Enumerable.Range(1, 7).Select(n => policy.DelayAfter(n).TotalMilliseconds).ShouldBe([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
        policy.DelayAfter(10_000).ShouldBe(TimeSpan.FromSeconds(10), "no overflow after a long outage");
        policy.GiveUpAfter.ShouldBeNull("by default an outage is waited out");

        Policy(new() { ["TA_STORE_GIVE_UP_AFTER_MS"] = "0" }).GiveUpAfter.ShouldBeNull();
        Policy(new() { ["TA_STORE_RETRY_BASE_MS"] = "200", ["TA_STORE_RETRY_MAX_MS"] = "3000", ["TA_STORE_GIVE_UP_AFTER_MS"] = "600000" })
            .ShouldBe(new StoreRetryPolicy(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(10)));
        Should.Throw<ConfigException>(() => Policy(new() { ["TA_STORE_GIVE_UP_AFTER_MS"] = "-1" })).Message.ShouldContain("TA_STORE_GIVE_UP_AFTER_MS");
        Should.Throw<ConfigException>(() => Policy(new() { ["TA_STORE_RETRY_BASE_MS"] = "5000", ["TA_STORE_RETRY_MAX_MS"] = "1000" }))
            .Message.ShouldContain("TA_STORE_RETRY_MAX_MS");
    }

    private static StoreRetryPolicy Policy(Dictionary<string, string?> settings) =>
        StoreRetryPolicy.From(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());

    private static async Task HandOffRows(TaStoreWriter writer, int n, PartitionOffset commit)
    {
        var rows = Rows(n);
        await writer.HandOffAsync(rows.Bars, rows.Signals, [commit]);
    }
}
