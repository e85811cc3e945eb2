using Prometheus;
using Torghut.Host.Metrics;

namespace Torghut.Host.Gateway;

/// <summary>The gateway's counters on the host's /metrics, refreshed at scrape time from <see cref="GatewayStats"/>.</summary>
internal static class GatewayMetrics
{
    public static void Register(TorghutMetrics metrics, GatewayStats stats)
    {
        var f = Prometheus.Metrics.WithCustomRegistry(metrics.Registry);
        var clients = f.CreateGauge("torghut_gateway_clients", "Clients connected to the Alpaca gateway");
        var connections = f.CreateCounter("torghut_gateway_connections_total", "Connections the gateway accepted");
        var read = f.CreateCounter("torghut_gateway_envelopes_read_total", "Envelopes the gateway read from the transport");
        var malformed = f.CreateCounter("torghut_gateway_malformed_total", "Records the gateway could not read as envelopes");
        var delivered = f.CreateCounter("torghut_gateway_messages_delivered_total", "Messages sent to clients, summed over clients");
        var slow = f.CreateCounter("torghut_gateway_slow_clients_total", "Clients closed with 407 (queue full)");
        metrics.Registry.AddBeforeCollectCallback(() =>
        {
            clients.Set(stats.Clients);
            connections.IncTo(stats.Connections);
            read.IncTo(stats.EnvelopesRead);
            malformed.IncTo(stats.Malformed);
            delivered.IncTo(stats.Delivered);
            slow.IncTo(stats.SlowClients);
        });
    }
}
