using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Torghut.Abstractions;
using Torghut.Host.Composition;
using Torghut.Host.Flags;
using Torghut.Host.Plugins;

namespace Torghut.Host.Lanes;

/// <summary>
/// The only code that starts and stops lanes. A lane whose switch turns on is created for its guarded plan (the
/// container's factory) and started; one whose switch turns off is stopped (drained) — no rebuild, no restart. A lane
/// whose plugin was replaced on disk is restarted on the new version. A lane that throws (its plugin included) is
/// marked failed and left down until its plugin changes or its switch is flipped; the host and the other lanes carry
/// on. Reconciles on every configuration reload, every plugin catalog change and, as a backstop, every
/// TORGHUT_LANE_RECONCILE_MS (1000).
/// </summary>
public sealed class LaneSupervisor(
    ILanePlanner planner, IFlagReader flags, IPluginCatalog plugins, Func<LanePlan, ILane> createLane, LanesOptions options,
    Shutdown.ShutdownBudget shutdown, ILogger<LaneSupervisor> logger)
    : BackgroundService, ILaneSupervisor, IHostComponent
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, RunningLane> _running = new();
    private readonly ConcurrentDictionary<string, LaneState> _states = new();
    private readonly ConcurrentDictionary<string, int> _starts = new();
    private readonly ConcurrentDictionary<string, int> _failures = new();
    // Lanes that failed, with the plugin load they failed on: not restarted until that changes or the switch flips.
    private readonly ConcurrentDictionary<string, (long LoadId, string Problem)> _failed = new();
    private IReadOnlyList<string>? _names;

    public IReadOnlyList<LaneState> States =>
        (_names ?? options.Definitions.Select(d => d.Name).ToList())
        .Select(n => _states.GetValueOrDefault(n) ?? new LaneState(n, false, null, null, null, [], 0)).ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Reconcile;
        var changed = new SemaphoreSlim(0);
        using var flagChanges = ChangeToken.OnChange(flags.GetChangeToken, () => changed.Release());
        using var pluginChanges = ChangeToken.OnChange(plugins.GetChangeToken, () => changed.Release());
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
            var plans = await planner.PlanAllAsync();
            _names = plans.Select(p => p.Name).ToList();
            foreach (var (name, gone) in _running.Where(r => plans.All(p => p.Name != r.Key)).ToList())
                await StopAsync(name, gone, "lane no longer configured");
            foreach (var plan in plans) await ReconcileAsync(plan, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task ReconcileAsync(LanePlan plan, CancellationToken cancellationToken)
    {
        var canRun = plan.Enabled && plan.Problem is null;
        if (_running.TryGetValue(plan.Name, out var lane))
        {
            if (lane.Task.IsCompleted)
            {
                // Ended by itself: a failure (recorded by the lane task) or a lane body that returned.
                await StopAsync(plan.Name, lane, "ended");
            }
            else if (!canRun) await StopAsync(plan.Name, lane, plan.Enabled ? $"cannot run: {plan.Problem}" : "switched off");
            else if (lane.Plan.PluginLoadId != plan.PluginLoadId)
            {
                await StopAsync(plan.Name, lane, $"plugin {plan.Plugin} replaced: {lane.Plan.PluginVersion} -> {plan.PluginVersion}");
                _failed.TryRemove(plan.Name, out _);
                await StartLaneAsync(plan, cancellationToken);
            }
            return;
        }

        if (!plan.Enabled) _failed.TryRemove(plan.Name, out _); // flipping the switch off and on retries a failed lane
        if (_failed.TryGetValue(plan.Name, out var failure))
        {
            if (canRun && failure.LoadId == plan.PluginLoadId)
            {
                _states[plan.Name] = State(plan, running: false, since: null, failure.Problem, failed: true);
                return;
            }
            _failed.TryRemove(plan.Name, out _);
        }
        if (canRun)
        {
            await StartLaneAsync(plan, cancellationToken);
            return;
        }
        if (plan.Enabled && plan.Problem is not null && _states.GetValueOrDefault(plan.Name)?.Problem != plan.Problem)
            logger.LogError("lane {Lane} enabled but cannot run: {Problem}", plan.Name, plan.Problem);
        _states[plan.Name] = State(plan, running: false, since: null, plan.Enabled ? plan.Problem : null, failed: false);
    }

    private async Task StartLaneAsync(LanePlan plan, CancellationToken cancellationToken)
    {
        var lease = plan.Source?.Lease();
        IRunningSimulator? simulator = null;
        try
        {
            if (plan.Simulator)
            {
                simulator = await plan.Source!.Instance!.CreateSimulator()!.StartAsync(
                    new SimulatorOptions(Symbols: plan.Symbols), cancellationToken);
                plan = planner.Replan(plan, simulator.Settings);
                if (plan.Problem is not null) throw new InvalidOperationException(plan.Problem);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var problem = e is InvalidOperationException && plan.Problem is not null
                ? plan.Problem : $"plugin {plan.Plugin} simulator failed to start: {e.GetType().Name}: {e.Message}";
            if (simulator is not null) await DisposeQuietlyAsync(simulator);
            lease?.Dispose();
            Fail(plan, problem);
            return;
        }

        var cts = new CancellationTokenSource();
        var guard = new PluginGuard(plan.Plugin, fault =>
        {
            logger.LogError(fault.InnerException, "lane {Lane}: {Fault}; stopping the lane", plan.Name, fault.Message);
            cts.Cancel();
        });
        var guarded = guard.Wrap(plan);
        var laneImpl = createLane(guarded);
        var task = Task.Run(async () =>
        {
            try { await laneImpl.RunAsync(cts.Token); }
            catch (Exception e) when (guard.Fault is not null || e is not OperationCanceledException)
            {
                // A lane (or the plugin under it) that throws is marked failed; the host and other lanes live on.
                if (guard.Fault is null) logger.LogError(e, "lane {Lane} failed", plan.Name);
                Fail(plan, $"failed: {(guard.Fault ?? e).Message}");
                return;
            }
            if (guard.Fault is { } fault) Fail(plan, $"failed: {fault.Message}"); // e.g. a backfill fault: the lane was stopped
        });
        _running[plan.Name] = new RunningLane(guarded, cts, task, simulator, lease);
        var starts = _starts.AddOrUpdate(plan.Name, 1, (_, n) => n + 1);
        _states[plan.Name] = State(plan, running: true, since: DateTimeOffset.UtcNow, problem: null, failed: false) with { Starts = starts };
        logger.LogInformation("lane {Lane} started on {Plugin} {Version} ({Flag} on)", plan.Name, plan.Plugin, plan.PluginVersion, plan.Flag);
    }

    private void Fail(LanePlan plan, string problem)
    {
        _failed[plan.Name] = (plan.PluginLoadId, problem);
        _failures.AddOrUpdate(plan.Name, 1, (_, n) => n + 1);
        _states[plan.Name] = State(plan, running: false, since: null, problem, failed: true);
    }

    private LaneState State(LanePlan plan, bool running, DateTimeOffset? since, string? problem, bool failed) =>
        new(plan.Name, running, since, problem, plan.StreamUrl, plan.Symbols, _starts.GetValueOrDefault(plan.Name),
            plan.Plugin, plan.PluginVersion, failed, _failures.GetValueOrDefault(plan.Name));

    private async Task StopAsync(string name, RunningLane lane, string why)
    {
        _running.TryRemove(name, out _);
        await lane.Cts.CancelAsync();
        // A lane bounds its own drain (flush included); this wait only catches one that hangs regardless.
        var wait = shutdown.DrainLeft(TimeSpan.FromSeconds(30)) + TimeSpan.FromMilliseconds(250);
        try { await lane.Task.WaitAsync(wait); }
        catch (TimeoutException) { logger.LogError("lane {Lane} did not stop within {Seconds:0.#} s; abandoning it", name, wait.TotalSeconds); }
        lane.Cts.Dispose();
        if (lane.Simulator is not null) await DisposeQuietlyAsync(lane.Simulator);
        lane.Lease?.Dispose(); // a replaced plugin version unloads once no lane holds it
        if (_states.TryGetValue(name, out var state) && !state.Failed) _states[name] = state with { Running = false, Since = null };
        logger.LogInformation("lane {Lane} stopped ({Why})", name, why);
    }

    private async Task DisposeQuietlyAsync(IRunningSimulator simulator)
    {
        try { await simulator.DisposeAsync(); }
        catch (Exception e) { logger.LogWarning("plugin simulator did not stop cleanly: {Error}", e.Message); }
    }

    /// <summary>The host is stopping: every lane drains at once, within the drain phase of the shutdown budget.</summary>
    private Task StopAllAsync()
    {
        shutdown.Begin();
        return Task.WhenAll(_running.ToArray().Select(r => StopAsync(r.Key, r.Value, "host stopping")));
    }

    private sealed record RunningLane(LanePlan Plan, CancellationTokenSource Cts, Task Task,
        IRunningSimulator? Simulator, IDisposable? Lease);
}
