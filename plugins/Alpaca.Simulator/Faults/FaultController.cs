using System.Diagnostics;

namespace Alpaca.Simulator.Faults;

/// <summary>A fault a connection must act on now.</summary>
public readonly record struct SessionFault(FaultKind Kind, int Code, bool Close, DropMode Mode);

/// <summary>Per-connection fault bookkeeping: when it connected and up to when it has been polled.</summary>
internal sealed class SessionFaultState(long connectWallTicks, long connectSimNanos)
{
    public long ConnectWallTicks { get; } = connectWallTicks;
    public long LastWallTicks { get; set; } = connectWallTicks;
    public long LastSimNanos { get; set; } = connectSimNanos;
}

/// <summary>A REST fault chosen for one request.</summary>
internal readonly record struct RestFault(FaultKind Kind, int Code, TimeSpan Delay);

/// <summary>
/// The live fault plan: rules added at start (--faults) or at runtime (POST /admin/faults). Timed rules are
/// evaluated by each connection's send loop; rate rules draw from a seeded generator so a run is repeatable.
/// </summary>
public sealed class FaultController
{
    private sealed class ActiveRule(FaultRule rule, long appliedWallTicks)
    {
        public FaultRule Rule { get; } = rule;
        public long AppliedWallTicks { get; } = appliedWallTicks;
        public long Fired;

        /// <summary>Takes one use of the rule's count budget; false when exhausted.</summary>
        public bool TryUse()
        {
            if (Rule.Count is not { } max) return true;
            return Interlocked.Increment(ref Fired) <= max;
        }
    }

    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly object _rngLock = new();
    private readonly Func<long> _simNow;
    private Random _rng;
    private volatile ActiveRule[] _rules = [];

    internal FaultController(int seed, Func<long> simNow)
    {
        _simNow = simNow;
        _rng = new Random(seed);
    }

    internal long WallTicks => _wall.Elapsed.Ticks;

    /// <summary>The active rules, in the order they were applied.</summary>
    public FaultPlan Current => new(_rules.Select(r => r.Rule).ToList());

    /// <summary>Adds the rules of <paramref name="plan"/> (or replaces all rules). Immediate rules fire now.</summary>
    public void Apply(FaultPlan plan, bool replace = false)
    {
        var now = WallTicks;
        var added = plan.Rules.Select(r => new ActiveRule(r, now));
        lock (_rngLock) _rules = (replace ? added : _rules.Concat(added)).ToArray();
    }

    /// <summary>Parses and applies a plan text.</summary>
    /// <exception cref="ArgumentException">The plan is invalid; nothing is applied.</exception>
    public void Apply(string planText, bool replace = false) => Apply(FaultPlan.Parse(planText), replace);

    public void Clear()
    {
        lock (_rngLock) _rules = [];
    }

    /// <summary>The symbol limit from the plan (smallest wins), or null.</summary>
    public int? SymbolLimit => _rules.Where(r => r.Rule.Kind == FaultKind.SymbolLimit).Select(r => (int?)r.Rule.Limit).Min();

    /// <summary>The REST per-minute budget from the plan (smallest wins), or null.</summary>
    public int? RateLimit => _rules.Where(r => r.Rule.Kind == FaultKind.RateLimit).Select(r => (int?)r.Rule.Limit).Min();

    internal SessionFaultState NewSession() => new(WallTicks, _simNow());

    /// <summary>Timed faults that fired for this connection since its last poll (at most one per poll).</summary>
    internal SessionFault? Poll(SessionFaultState s)
    {
        var now = WallTicks;
        var nowSim = _simNow();
        var last = s.LastWallTicks;
        var lastSim = s.LastSimNanos;
        s.LastWallTicks = now;
        s.LastSimNanos = nowSim;
        foreach (var r in _rules)
        {
            if (r.Rule.Kind is not (FaultKind.Drop or FaultKind.Error or FaultKind.Slow)) continue;
            if (!Fires(r, s, last, now, lastSim, nowSim) || !r.TryUse()) continue;
            return new SessionFault(r.Rule.Kind, r.Rule.Kind == FaultKind.Slow ? 407 : r.Rule.Code, r.Rule.Close, r.Rule.Mode);
        }
        return null;
    }

    private static bool Fires(ActiveRule r, SessionFaultState s, long last, long now, long lastSim, long nowSim)
    {
        var rule = r.Rule;
        if (rule.Every is { } every)
        {
            var e = every.Ticks;
            return (now - s.ConnectWallTicks) / e > (last - s.ConnectWallTicks) / e;
        }
        if (rule.At.Count == 0) return last < r.AppliedWallTicks && r.AppliedWallTicks <= now;
        foreach (var at in rule.At)
        {
            if (at.AfterApply is { } d)
            {
                var t = r.AppliedWallTicks + d.Ticks;
                if (last < t && t <= now) return true;
            }
            else
            {
                var t = (at.SimInstant!.Value.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
                if (lastSim < t && t <= nowSim) return true;
            }
        }
        return false;
    }

    /// <summary>Whether a silent fault covers this connection now (socket open, no data).</summary>
    internal bool IsSilent(SessionFaultState s)
    {
        var rules = _rules;
        if (rules.Length == 0) return false;
        var now = WallTicks;
        var nowSim = _simNow();
        foreach (var r in rules)
        {
            if (r.Rule.Kind != FaultKind.Silent) continue;
            var forTicks = r.Rule.For?.Ticks ?? long.MaxValue / 4;
            if (r.Rule.Every is { } every)
            {
                var since = now - s.ConnectWallTicks;
                if (since >= every.Ticks && since % every.Ticks < forTicks) return true;
            }
            else if (r.Rule.At.Count == 0)
            {
                if (now >= r.AppliedWallTicks && now - r.AppliedWallTicks < forTicks) return true;
            }
            else
            {
                foreach (var at in r.Rule.At)
                {
                    if (at.AfterApply is { } d)
                    {
                        var t = r.AppliedWallTicks + d.Ticks;
                        if (now >= t && now - t < forTicks) return true;
                    }
                    else
                    {
                        var t = (at.SimInstant!.Value.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
                        if (nowSim >= t && (nowSim - t) / 100 < forTicks) return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>The corruption to apply to the next data frame, if any.</summary>
    internal CorruptKinds PickCorruption(ref Random sessionRng)
    {
        foreach (var r in _rules)
        {
            if (r.Rule.Kind != FaultKind.Corrupt) continue;
            if (sessionRng.NextDouble() >= r.Rule.Rate || !r.TryUse()) continue;
            var kinds = Enum.GetValues<CorruptKinds>().Where(k => k is not CorruptKinds.None and not CorruptKinds.All && r.Rule.Kinds.HasFlag(k)).ToArray();
            return kinds[sessionRng.Next(kinds.Length)];
        }
        return CorruptKinds.None;
    }

    /// <param name="bars">Whether the request reads bars: only bars can come back in the wrong timeframe.</param>
    internal RestFault? PickRestFault(bool bars)
    {
        foreach (var r in _rules)
        {
            if (!FaultRule.IsRest(r.Rule.Kind) || (r.Rule.Kind == FaultKind.RestWrongTimeframe && !bars)) continue;
            double draw;
            lock (_rngLock) draw = _rng.NextDouble();
            if (draw >= r.Rule.Rate || !r.TryUse()) continue;
            return new RestFault(r.Rule.Kind, r.Rule.Code, r.Rule.Delay);
        }
        return null;
    }

    internal void Reseed(int seed)
    {
        lock (_rngLock) _rng = new Random(seed);
    }
}
