using System.Collections.Concurrent;
using Autofac;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Torghut.Abstractions;
using Torghut.Host.Composition;
using Torghut.Host.Flags;

namespace Torghut.Host.Lanes;

/// <summary>
/// The only code that reacts to flag changes: a lane whose flag turns on is started in its own Autofac lifetime
/// scope, one whose flag turns off is stopped (drained) and its scope disposed — no rebuild, no restart. Reconciles
/// on every configuration reload and, as a backstop, every TORGHUT_LANE_RECONCILE_MS (1000).
/// </summary>
public sealed class LaneSupervisor(
    ILanePlanner planner, IFlagReader flags, ILifetimeScope root, IConfiguration configuration, ILogger<LaneSupervisor> logger)
    : BackgroundService, ILaneSupervisor, IHostComponent
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, RunningLane> _running = new();
    private readonly ConcurrentDictionary<string, LaneState> _states = new();
    private readonly ConcurrentDictionary<string, int> _starts = new();

    public IReadOnlyList<LaneState> States =>
        LaneDefinition.All.Select(d => _states.GetValueOrDefault(d.Name) ?? new LaneState(d.Name, false, null, null, null, [], 0)).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.Equals(configuration["TORGHUT_ROLE"], "ta", StringComparison.OrdinalIgnoreCase)) return; // TA workers run no lanes
        var interval = TimeSpan.FromMilliseconds(int.TryParse(configuration["TORGHUT_LANE_RECONCILE_MS"], out var ms) && ms > 0 ? ms : 1000);
        var changed = new SemaphoreSlim(0);
        using var subscription = ChangeToken.OnChange(flags.GetChangeToken, () => changed.Release());
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try { await ReconcileAsync(stoppingToken); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "lane reconcile failed; retrying");
                }
                await changed.WaitAsync(interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            await StopAllAsync();
        }
    }

    public async Task ReconcileAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var plan in await planner.PlanAllAsync())
            {
                var running = _running.TryGetValue(plan.Name, out var lane);
                if (plan.Enabled && plan.Problem is null && !running) Start(plan);
                else if ((!plan.Enabled || plan.Problem is not null) && running) await StopAsync(plan.Name, lane!, "flag off");
                if (!plan.Enabled || plan.Problem is not null)
                {
                    if (plan.Enabled && plan.Problem is not null && _states.GetValueOrDefault(plan.Name)?.Problem != plan.Problem)
                        logger.LogError("lane {Lane} enabled but cannot run: {Problem}", plan.Name, plan.Problem);
                    _states[plan.Name] = new LaneState(plan.Name, false, null, plan.Enabled ? plan.Problem : null, plan.StreamUrl,
                        plan.Symbols, _starts.GetValueOrDefault(plan.Name));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Start(LanePlan plan)
    {
        var scope = root.BeginLifetimeScope($"lane:{plan.Name}", b =>
        {
            b.RegisterInstance(plan);
            if (plan.Feed is not null) b.RegisterInstance(plan.Feed).As<IFeedEndpoint>().ExternallyOwned();
            if (plan.Backfill is not null) b.RegisterInstance(plan.Backfill).As<IBackfillSource>().ExternallyOwned();
            if (plan.Codec is not null) b.RegisterInstance(plan.Codec).As<ISymbolCodec>().ExternallyOwned();
        });
        var cts = new CancellationTokenSource();
        var laneImpl = scope.Resolve<ILane>();
        var task = Task.Run(async () =>
        {
            try { await laneImpl.RunAsync(cts.Token); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A lane (or the plugin under it) that throws is marked failed; the host and other lanes live on.
                logger.LogError(e, "lane {Lane} failed", plan.Name);
                _states[plan.Name] = _states[plan.Name] with { Running = false, Problem = $"failed: {e.Message}" };
            }
        });
        _running[plan.Name] = new RunningLane(scope, cts, task);
        var starts = _starts.AddOrUpdate(plan.Name, 1, (_, n) => n + 1);
        _states[plan.Name] = new LaneState(plan.Name, true, DateTimeOffset.UtcNow, null, plan.StreamUrl, plan.Symbols, starts);
        logger.LogInformation("lane {Lane} started ({Flag} on)", plan.Name, plan.Flag);
    }

    private async Task StopAsync(string name, RunningLane lane, string why)
    {
        _running.TryRemove(name, out _);
        await lane.Cts.CancelAsync();
        try { await lane.Task.WaitAsync(TimeSpan.FromSeconds(30)); }
        catch (TimeoutException) { logger.LogError("lane {Lane} did not stop within 30 s; abandoning it", name); }
        await lane.Scope.DisposeAsync();
        lane.Cts.Dispose();
        logger.LogInformation("lane {Lane} stopped ({Why})", name, why);
    }

    private async Task StopAllAsync()
    {
        foreach (var (name, lane) in _running.ToArray()) await StopAsync(name, lane, "host stopping");
    }

    private sealed record RunningLane(ILifetimeScope Scope, CancellationTokenSource Cts, Task Task);
}
