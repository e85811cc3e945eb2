using Prometheus;
using Torghut.Host.Composition;
using Torghut.Host.Ingest.Repair;

namespace Torghut.Host.Metrics;

/// <summary>
/// Repair metrics on the host's registry, refreshed at scrape time from <see cref="RepairStatusBoard"/>, whose counts
/// live as long as the process (lane restarts never rewind them).
/// </summary>
public sealed class RepairMetrics : IHostComponent
{
    public RepairMetrics(TorghutMetrics metrics, RepairStatusBoard board)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var opened = f.CreateCounter("torghut_repair_holes_opened_total", "Holes found in a lane's record (reconnects, restarts, failed deliveries)", "lane", "symbol");
        var repaired = f.CreateCounter("torghut_repair_holes_repaired_total", "Holes repaired from the venue's history", "lane", "symbol");
        var failed = f.CreateCounter("torghut_repair_failures_total", "Repairs that failed (retried later)", "lane", "symbol");
        var open = f.CreateGauge("torghut_repair_holes_open", "Holes waiting for repair", "lane", "symbol");
        var items = f.CreateCounter("torghut_repair_items_total", "Items published by repairs", "lane", "symbol", "channel");
        var lag = f.CreateGauge("torghut_repair_lag_seconds", "Hole closed (or found) to repaired, last repair", "lane", "symbol");
        var rejected = f.CreateCounter("torghut_repair_rejected_items_total", "REST items not asked for (foreign_symbol, out_of_range, wrong_timeframe)", "lane", "reason");
        var rateLimited = f.CreateCounter("torghut_repair_rate_limited_total", "History requests answered 429", "lane");
        var duplicates = f.CreateCounter("torghut_repair_live_duplicates_total", "Live events dropped because a repair had published them", "lane");
        var tail = f.CreateCounter("torghut_repair_tail_failures_total", "Lane starts that could not read their record's tail", "lane");
        var lost = f.CreateCounter("torghut_repair_unrepairable_total", "Undelivered records no history can restore (statuses)", "lane");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (lane, stats) in board.Lanes)
            {
                foreach (var (symbol, s) in stats.Symbols)
                {
                    opened.WithLabels(lane, symbol).IncTo(s.HolesOpened);
                    repaired.WithLabels(lane, symbol).IncTo(s.HolesRepaired);
                    failed.WithLabels(lane, symbol).IncTo(s.RepairsFailed);
                    open.WithLabels(lane, symbol).Set(s.HolesOpen);
                    foreach (var (channel, n) in s.Items) items.WithLabels(lane, symbol, channel).IncTo(n);
                    if (s.LastLagSeconds is { } l) lag.WithLabels(lane, symbol).Set(l);
                }
                foreach (var (reason, n) in stats.Pages.RejectedByReason) rejected.WithLabels(lane, reason).IncTo(n);
                rateLimited.WithLabels(lane).IncTo(stats.Pages.RateLimited);
                duplicates.WithLabels(lane).IncTo(stats.LiveDuplicates);
                tail.WithLabels(lane).IncTo(stats.TailFailures);
                lost.WithLabels(lane).IncTo(stats.Unrepairable);
            }
        });
    }
}
