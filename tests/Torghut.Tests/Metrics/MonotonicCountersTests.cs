using Torghut.Host.Ingest;
using Torghut.Host.Metrics;
using Torghut.Tests.Support;

namespace Torghut.Tests.Metrics;

/// <summary>
/// The exported counters across lane restarts: what `torghut gate` and Prometheus' increase() read. A restarted lane
/// counts from 0; the exported total must keep rising with it, never stand still at the old instance's total.
/// </summary>
public sealed class MonotonicCountersTests
{
    /// <summary>What one scrape exports: every reading in order, as the exporter applies them.</summary>
    private static long Exported(MonotonicTotals totals, IngestStatus status)
    {
        long exported = 0;
        foreach (var c in status.TakeCounts()) exported = totals.Observe("messages|crypto|trades", c.Instance, c.Session.MessagesPerChannel["trades"]);
        return exported;
    }

    [Fact]
    public void A_restarted_lane_adds_its_new_counts_to_the_old_total_instead_of_freezing_it()
    {
        var totals = new MonotonicTotals();
        var status = new IngestStatus();
        long first = 0, second = 0;
        status.Register("crypto", () => Snapshots.Session(SessionState.Subscribed, trades: first));
        first = 347;
        Exported(totals, status).ShouldBe(347);

        first = 350; // counted after the last scrape, just before the flag flip: must not be lost
        status.Unregister("crypto");
        status.Register("crypto", () => Snapshots.Session(SessionState.Subscribed, trades: second));
        second = 200; // the new session is still below the old total: IncTo(200) would have frozen the counter at 347
        Exported(totals, status).ShouldBe(550);
        second = 260;
        Exported(totals, status).ShouldBe(610);
        Exported(totals, status).ShouldBe(610); // no new counts, no phantom increase
    }

    [Fact]
    public void A_lane_replaced_without_unregistering_still_hands_over_its_final_count()
    {
        var totals = new MonotonicTotals();
        var status = new IngestStatus();
        status.Register("crypto", () => Snapshots.Session(SessionState.Subscribed, trades: 10));
        Exported(totals, status).ShouldBe(10);
        status.Register("crypto", () => Snapshots.Session(SessionState.Subscribed, trades: 4));
        Exported(totals, status).ShouldBe(14);
    }

    [Fact]
    public void A_late_reading_of_a_replaced_instance_never_rewinds_the_total()
    {
        var totals = new MonotonicTotals();
        totals.Observe("s", instance: 1, instanceTotal: 100).ShouldBe(100);
        totals.Observe("s", instance: 2, instanceTotal: 5).ShouldBe(105);
        totals.Observe("s", instance: 1, instanceTotal: 120).ShouldBe(105);
        totals.Observe("s", instance: 2, instanceTotal: 9).ShouldBe(109);
    }
}
