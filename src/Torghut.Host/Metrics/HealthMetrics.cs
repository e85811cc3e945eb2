using Microsoft.Extensions.Hosting;
using Prometheus;
using Torghut.Host.Composition;
using Torghut.Host.Ingest;
using Torghut.Host.Health;

namespace Torghut.Host.Metrics;

/// <summary>
/// Health on /metrics, as the alert rules read it (docs/health.md): <c>torghut_ws_readyz_degraded</c> (1 while ready
/// but serving part of the work), <c>torghut_health_problem{component,error_class}</c> (1 per problem /readyz lists;
/// a solved problem's series goes away) and <c>torghut_healthz_status</c> (0 while a loop is stalled). Registered at
/// host start, as LaneMetrics is, because the metrics module is already a dependency of what these read.
/// </summary>
public sealed class HealthMetrics(Metrics.TorghutMetrics metrics, IReadiness readiness, ILiveness liveness) : IHostedService, IHostComponent
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var degraded = f.CreateGauge("torghut_ws_readyz_degraded", "1 while /readyz is ready but degraded (part of the work not served)");
        var problem = f.CreateGauge("torghut_health_problem", "1 per problem /readyz lists", "component", "error_class");
        var alive = f.CreateGauge("torghut_healthz_status", "1 while /healthz is ok (every loop making progress)");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            var report = readiness.Evaluate();
            degraded.Set(report.Ready && report.Degraded ? 1 : 0);
            var current = report.Problems.Select(p => (p.Component, p.ErrorClass)).ToHashSet();
            foreach (var (component, errorClass) in current) problem.WithLabels(component, errorClass).Set(1);
            foreach (var labels in problem.GetAllLabelValues().ToList())
                if (!current.Contains((labels[0], labels[1]))) problem.RemoveLabelled(labels);
            alive.Set(liveness.Evaluate().Alive ? 1 : 0);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
