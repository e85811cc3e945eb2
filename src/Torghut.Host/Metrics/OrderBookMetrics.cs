using Torghut.Host.Composition;
using Torghut.Host.OrderBooks;

namespace Torghut.Host.Metrics;

/// <summary>
/// Order-book health on the host's registry, refreshed at scrape time from <see cref="OrderBookBoard"/>, whose counts
/// live as long as the process. Labels are bounded: lane, and a fixed kind or state (never the symbol).
/// </summary>
public sealed class OrderBookMetrics : IHostComponent
{
    public OrderBookMetrics(TorghutMetrics metrics, OrderBookBoard board)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var messages = f.CreateCounter("torghut_orderbook_messages_total",
            "Order-book messages by what they did: snapshot, delta, delta_before_snapshot (not applied)",
            "lane", "kind");
        var crossed = f.CreateCounter("torghut_orderbook_crossed_total",
            "Books that became crossed (best bid >= best ask)", "lane");
        var stale = f.CreateCounter("torghut_orderbook_stale_total",
            "Books that spoke again after a silence over ORDERBOOK_STALE_MS", "lane");
        var invalid = f.CreateCounter("torghut_orderbook_invalid_levels_total",
            "Levels skipped: non-finite price or size, negative size", "lane");
        var resyncs = f.CreateCounter("torghut_orderbook_resyncs_total",
            "New connections that emptied the books until their snapshots", "lane");
        var books = f.CreateGauge("torghut_orderbook_books",
            "Books by state: awaiting_snapshot, live, crossed, stale", "lane", "state");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var (lane, set) in board.Lanes)
            {
                var c = set.Counts();
                messages.WithLabels(lane, "snapshot").IncTo(c.Snapshots);
                messages.WithLabels(lane, "delta").IncTo(c.Deltas);
                messages.WithLabels(lane, "delta_before_snapshot").IncTo(c.DeltasBeforeSnapshot);
                crossed.WithLabels(lane).IncTo(c.CrossedEpisodes);
                stale.WithLabels(lane).IncTo(c.StaleEpisodes);
                invalid.WithLabels(lane).IncTo(c.InvalidLevels);
                resyncs.WithLabels(lane).IncTo(c.Invalidations);
                foreach (var (state, n) in c.BooksByState) books.WithLabels(lane, state).Set(n);
            }
        });
    }
}
