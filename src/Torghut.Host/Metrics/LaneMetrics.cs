using Microsoft.Extensions.Hosting;
using Prometheus;
using Torghut.Host.Composition;
using Torghut.Host.Lanes;

namespace Torghut.Host.Metrics;

/// <summary>
/// Lane health on /metrics: <c>torghut_lane_running</c> and <c>torghut_lane_failed</c> (1/0 per lane),
/// <c>torghut_lane_failures_total</c> (a lane or its plugin threw) and <c>torghut_lane_starts_total</c> (restarts
/// after a plugin replacement count). Read from the supervisor at scrape time. Registered at host start rather than
/// injected into the metrics module, whose readiness dependency already depends on the supervisor.
/// </summary>
public sealed class LaneMetrics(Metrics.TorghutMetrics metrics, ILaneSupervisor lanes) : IHostedService, IHostComponent
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var running = f.CreateGauge("torghut_lane_running", "1 while the lane runs", "lane");
        var failed = f.CreateGauge("torghut_lane_failed", "1 while the lane is down because it (or its plugin) threw", "lane");
        var failures = f.CreateCounter("torghut_lane_failures_total", "Times the lane (or its plugin) threw and the lane was stopped", "lane");
        var starts = f.CreateCounter("torghut_lane_starts_total", "Lane starts (a plugin replacement restarts its lanes)", "lane");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var s in lanes.States)
            {
                running.WithLabels(s.Name).Set(s.Running ? 1 : 0);
                failed.WithLabels(s.Name).Set(s.Failed ? 1 : 0);
                failures.WithLabels(s.Name).IncTo(s.Failures);
                starts.WithLabels(s.Name).IncTo(s.Starts);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
