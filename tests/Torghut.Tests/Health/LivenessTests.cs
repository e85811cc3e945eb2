using Torghut.Host.Ingest;
using Torghut.Tests.Support;

namespace Torghut.Tests.Health;

/// <summary>/healthz: only a loop that stopped making progress restarts the pod; being not ready never does.</summary>
public sealed class LivenessTests
{
    private static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(120);

    [Fact]
    public void A_lane_not_ready_for_hours_with_a_beating_loop_stays_alive()
    {
        var fixture = new HealthFixture();
        var now = fixture.Time.GetUtcNow().UtcDateTime;
        fixture.Lane("crypto", Snapshots.Session(SessionState.Degraded, errorClass: "alpaca_auth", heartbeat: now - TimeSpan.FromSeconds(1)));
        fixture.Liveness(StallAfter).Alive.ShouldBeTrue();
    }

    [Fact]
    public void A_session_loop_past_its_heartbeat_by_more_than_the_limit_is_not_alive_and_named()
    {
        var fixture = new HealthFixture();
        var now = fixture.Time.GetUtcNow().UtcDateTime;
        fixture.Lane("crypto", Snapshots.Session(SessionState.Subscribed, heartbeat: now - TimeSpan.FromSeconds(121)));
        var report = fixture.Liveness(StallAfter);
        report.Alive.ShouldBeFalse();
        report.Stalled.ShouldHaveSingleItem().ShouldStartWith("lane crypto: session loop made no progress for 121 s");
    }

    [Fact]
    public void A_backoff_wait_longer_than_the_limit_is_not_a_stall()
    {
        var fixture = new HealthFixture();
        var now = fixture.Time.GetUtcNow().UtcDateTime;
        // The loop set its heartbeat to the end of a 60 s config-error wait; 100 s later it is due again, not stalled.
        fixture.Lane("crypto", Snapshots.Session(SessionState.Degraded, heartbeat: now + TimeSpan.FromSeconds(60)));
        fixture.Time.Advance(TimeSpan.FromSeconds(100));
        fixture.Liveness(StallAfter).Alive.ShouldBeTrue();
    }

    [Fact]
    public void A_loop_stopped_behind_a_down_transport_is_left_to_the_producer_to_recover()
    {
        var fixture = new HealthFixture();
        var now = fixture.Time.GetUtcNow().UtcDateTime;
        fixture.Lane("crypto", Snapshots.Session(SessionState.Subscribed, heartbeat: now - TimeSpan.FromMinutes(10)));
        fixture.Transport.Down = true;
        fixture.Liveness(StallAfter).Alive.ShouldBeTrue();
    }
}
