using Torghut.Host.Health;
using Torghut.Host.Ingest;
using Torghut.Tests.Support;
using Torghut.Host.Composition;

namespace Torghut.Tests.Health;

/// <summary>/readyz: not ready only when nothing is served; partial service is "ready, degraded" with every problem named.</summary>
public sealed class ReadinessTests
{
    private static readonly IReadOnlyDictionary<string, string> SolRefused = new Dictionary<string, string> { ["SOL/USD"] = "405 symbol limit exceeded" };

    private static SessionSnapshot Streaming => Snapshots.Session(SessionState.Subscribed, subscribed: ["BTC/USD", "ETH/USD"]);

    private static SessionSnapshot SymbolLimited => Snapshots.Session(SessionState.Degraded, subscribed: ["BTC/USD", "ETH/USD"], rejected: SolRefused,
        problem: "symbol limit exceeded; not subscribed: SOL/USD", errorClass: "alpaca_symbol_limit");

    private static SessionSnapshot AwaitingOperator => Snapshots.Session(SessionState.Degraded,
        problem: "venue error 402 auth failed: configuration problem", errorClass: "alpaca_auth");

    [Fact]
    public void Every_symbol_streaming_is_ready_and_not_degraded()
    {
        var report = new HealthFixture().Lane("crypto", Streaming).Readiness();
        report.Ready.ShouldBeTrue();
        report.Degraded.ShouldBeFalse();
        report.Problems.ShouldBeEmpty();
        report.ErrorClass.ShouldBeNull();
    }

    [Fact]
    public void A_refused_symbol_is_ready_degraded_and_names_the_symbol()
    {
        var report = new HealthFixture().Lane("crypto", SymbolLimited).Readiness();
        report.Ready.ShouldBeTrue();
        report.Status.ShouldBe("ready");
        report.Degraded.ShouldBeTrue();
        var problem = report.Problems.ShouldHaveSingleItem();
        (problem.Component, problem.ErrorClass).ShouldBe(("lane:crypto", "alpaca_symbol_limit"));
        problem.Symbols.ShouldBe(["SOL/USD"]);
        report.Lanes["crypto"].Serving.ShouldBe("partial");
        report.Gates["alpaca_ws"].ShouldBeTrue();
    }

    [Fact]
    public void One_lane_awaiting_an_operator_or_failed_degrades_while_another_streams()
    {
        var report = new HealthFixture().Lane("crypto", Streaming).Lane("equity", AwaitingOperator)
            .Lane("replay", null, running: false, failed: true, problem: "failed: plugin threw").Readiness();
        report.Ready.ShouldBeTrue();
        report.Degraded.ShouldBeTrue();
        report.Problems.Select(p => (p.Component, p.ErrorClass)).ShouldBe([("lane:equity", "alpaca_auth"), ("lane:replay", "lane_failed")]);
    }

    [Fact]
    public void Nothing_streaming_is_not_ready_with_the_lanes_error_class()
    {
        var report = new HealthFixture().Lane("crypto", AwaitingOperator).Readiness();
        report.Ready.ShouldBeFalse();
        report.Status.ShouldBe("not_ready");
        report.ErrorClass.ShouldBe("alpaca_auth");
        report.Gates["alpaca_ws"].ShouldBeFalse();
        report.Problems.ShouldHaveSingleItem().Detail.ShouldContain("402");
    }

    [Fact]
    public void Kafka_down_serves_none_of_the_ingest_work_even_with_every_symbol_streaming()
    {
        var fixture = new HealthFixture().Lane("crypto", Streaming);
        fixture.Transport.Down = true;
        var report = fixture.Readiness();
        report.Ready.ShouldBeFalse();
        report.ErrorClass.ShouldBe("kafka_produce");
        report.Gates["kafka"].ShouldBeFalse();
        report.Gates["alpaca_ws"].ShouldBeTrue();
    }

    [Fact]
    public void A_contributor_serving_partly_degrades_without_making_the_process_not_ready()
    {
        var fixture = new HealthFixture().Lane("crypto", Streaming);
        fixture.Contributors.Add(new Contributor(new PartHealth("ta", "ta_store", Serving.Partial,
            [new HealthProblem("ta", "ta_store_unavailable", "ClickHouse refuses writes; retrying", [])])));
        var report = fixture.Readiness();
        report.Ready.ShouldBeTrue();
        report.Degraded.ShouldBeTrue();
        report.Gates["ta_store"].ShouldBeTrue();
        report.Problems.ShouldHaveSingleItem().ErrorClass.ShouldBe("ta_store_unavailable");
    }

    private sealed class Contributor(PartHealth part) : IHealthContributor
    {
        public IEnumerable<PartHealth> Parts() => [part];
    }
}
