using Microsoft.Extensions.Logging;

namespace Torghut.Host.Lanes;

/// <summary>
/// The lane body until the ingest module exists: it announces what it would stream and waits. The start/stop
/// mechanism around it is real; the ingest issue replaces this class with the Alpaca session.
/// </summary>
public sealed class IdleLane(LanePlan plan, ILogger<IdleLane> logger) : ILane
{
    public async Task RunAsync(CancellationToken stopping)
    {
        logger.LogInformation("lane {Lane} up: plugin {Plugin} {Version}, stream {Stream}, channels {Channels}, symbols {Symbols} (ingest not implemented yet)",
            plan.Name, plan.Plugin, plan.PluginVersion, plan.StreamUrl, string.Join(",", plan.Channels), string.Join(",", plan.Symbols));
        try { await Task.Delay(Timeout.Infinite, stopping); }
        catch (OperationCanceledException) { }
        logger.LogInformation("lane {Lane} down", plan.Name);
    }
}
