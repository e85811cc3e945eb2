using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Torghut.Abstractions;
using Torghut.Host.Shutdown;

namespace Torghut.Host.Cli;

/// <summary>
/// How `run` stops, within <see cref="ShutdownBudget"/> whatever is down: the hosted services (lanes, TA worker) get
/// the drain phase, side by side; disposing the container then flushes the producer (bounded by the budget, it reports
/// what it could not deliver); the embedded simulator goes last. Should a part hang past the budget, the process exits
/// anyway: what it held is repaired (ingest) or re-read from the committed offsets (TA) at the next start.
/// </summary>
internal static class ShutdownSequence
{
    public static async Task<int> RunAsync(CliContext cli, WebApplication app, IRunningSimulator? simulator, ShutdownBudget budget, bool failed)
    {
        budget.Begin();
        await cli.Out.WriteLineAsync(failed
            ? $"stopping: a host component failed (see the error above); draining lanes (shutdown budget {budget.Total.TotalSeconds:0.###} s)"
            : $"stopping: draining lanes (shutdown budget {budget.Total.TotalSeconds:0.###} s)");
        var services = app.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        var parts = StopPartsAsync(app, simulator, budget);
        if (await Task.WhenAny(parts, Task.Delay(budget.Left())) != parts)
        {
            await cli.Err.WriteLineAsync($"shutdown budget of {budget.Total.TotalSeconds:0.###} s spent: exiting with parts still stopping; " +
                                         "what they held is repaired from the venue's history (ingest) or re-read from the committed offsets (TA) at the next start");
            return failed ? ExitCodes.Failure : ExitCodes.Ok;
        }
        Exception? error = null;
        try { await parts; }
        catch (Exception e) { error = e; }
        if (error is not null) await cli.Err.WriteLineAsync($"shutdown: {error.GetType().Name}: {error.Message}");
        // A requested stop exits 0 unless a part failed for good (e.g. the TA worker's store refused its final writes).
        var partFailed = services.Any(s => s.ExecuteTask is { IsFaulted: true });
        return failed || partFailed || error is not null ? ExitCodes.Failure : ExitCodes.Ok;
    }

    private static async Task StopPartsAsync(WebApplication app, IRunningSimulator? simulator, ShutdownBudget budget)
    {
        try
        {
            // A moment past the drain phase: the parts bound themselves by it; this only stops waiting for a hung one.
            using var drain = new CancellationTokenSource(budget.DrainLeft(budget.Total) + TimeSpan.FromMilliseconds(500));
            try { await app.StopAsync(drain.Token); }
            catch (OperationCanceledException) when (drain.IsCancellationRequested) { } // the drain phase is over: move on
        }
        finally
        {
            try { await app.DisposeAsync(); } // the producer's final flush runs here, bounded by the budget's flush phase
            finally
            {
                if (simulator is not null) await simulator.DisposeAsync();
            }
        }
    }
}
