using Torghut.Host.Health;
using Torghut.Host.Ingest;
using Torghut.Tests.Support;

namespace Torghut.Tests.Health;

/// <summary>/healthz: only a loop that stopped making progress restarts the pod; being not ready never does.</summary>
public sealed class LivenessTests
{
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(120);

    /// <summary>One lane whose loop last beat <paramref name="beatAgo"/> before now (negative: a wait ending in the future).</summary>
    private static LivenessReport Judge(TimeSpan beatAgo, SessionState state = SessionState.Subscribed, string? errorClass = null, bool transportDown = false)
    {
        var fixture = new HealthFixture();
        fixture.Lane("crypto", Snapshots.Session(state, errorClass: errorClass, heartbeat: fixture.Time.GetUtcNow().UtcDateTime - beatAgo));
        fixture.Transport.Down = transportDown;
        return fixture.Liveness(StallAfter);
    }

    [Fact]
    public void A_lane_waiting_for_an_operator_with_a_beating_loop_stays_alive() =>
        Judge(TimeSpan.FromSeconds(1), SessionState.Degraded, "alpaca_auth").Alive.ShouldBeTrue();

    [Fact]
    public void A_session_loop_past_its_heartbeat_by_more_than_the_limit_is_not_alive_and_named()
    {
        var report = Judge(TimeSpan.FromSeconds(121));
        report.Alive.ShouldBeFalse();
        report.Stalled.ShouldHaveSingleItem().ShouldStartWith("lane crypto: session loop made no progress for 121 s");
    }

    [Fact]
    public void A_backoff_wait_longer_than_the_limit_is_not_a_stall()
    {
        // 40 s after the loop started a 60 s config-error wait it set its heartbeat 20 s ahead; later it is due, not stalled.
        Judge(TimeSpan.FromSeconds(-20), SessionState.Degraded, "alpaca_auth").Alive.ShouldBeTrue();
        Judge(StallAfter - TimeSpan.FromSeconds(1), SessionState.Backoff).Alive.ShouldBeTrue();
    }

    [Fact]
    public void A_loop_stopped_behind_a_down_transport_is_left_to_the_producer_to_recover() =>
        Judge(TimeSpan.FromMinutes(10), transportDown: true).Alive.ShouldBeTrue();

    [Fact]
    public void A_stopped_session_whose_lane_is_still_draining_is_not_a_stall() =>
        Judge(TimeSpan.FromMinutes(10), SessionState.Stopped).Alive.ShouldBeTrue();

    [Fact]
    public void A_lane_whose_status_read_blocks_is_not_alive_within_seconds()
    {
        var fixture = new HealthFixture();
        using var hung = new ManualResetEventSlim(); // a decoder that never returns holds the session lock Snapshot() needs
        fixture.Sessions.Register("crypto", () =>
        {
            hung.Wait();
            return Snapshots.Session(SessionState.Subscribed);
        });
        var started = DateTime.UtcNow;
        var report = fixture.Liveness(StallAfter);
        hung.Set();
        report.Alive.ShouldBeFalse();
        report.Stalled.ShouldHaveSingleItem().ShouldContain("ingest status unreadable");
        (DateTime.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }
}
