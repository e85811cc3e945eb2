using System.Diagnostics;
using Alpaca.Simulator;

namespace Torghut.Benchmarks;

/// <summary>
/// Holds the simulator's firehose (maximum rate, 512 trades a frame) to a target rate by switching it on and off: on
/// while the trades it published are behind rate × elapsed, off once ahead. A pipeline that cannot keep up shows as a
/// rate below the target, never as a burst: the pacer forgives a deficit older than one second instead of catching up.
/// </summary>
public sealed class FirehosePacer(AlpacaSimulatorServer sim, IReadOnlyList<string> symbols, double rate)
{
    public long Published => symbols.Sum(s => sim.Truth.Published(s, "trades"));

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var baseline = Published;
        var credit = 0.0; // trades allowed so far
        var last = clock.Elapsed;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = clock.Elapsed;
                credit += rate * (now - last).TotalSeconds;
                last = now;
                var sent = Published - baseline;
                if (credit - sent > rate) credit = sent + rate; // more than a second behind: the pipeline is the limit
                var on = sent < credit;
                if (on != sim.FirehoseSymbols.Count > 0) sim.FirehoseSymbols = on ? symbols : [];
                await Task.Delay(5, cancellationToken);
            }
        }
        catch (OperationCanceledException) { }
        finally { sim.FirehoseSymbols = []; }
    }
}
