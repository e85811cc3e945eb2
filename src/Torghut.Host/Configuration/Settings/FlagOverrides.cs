using Torghut.Host.Flags;

namespace Torghut.Host.Configuration.Settings;

/// <summary>Env names that override a flag (parsed strictly by the flags layer when configuration is built).</summary>
public static class FlagOverrides
{
    public static IReadOnlyList<(string Name, string Flag)> All { get; } =
        FlagKeys.All.Select(f => (FlagKeys.EnvName(f), f))
            .Concat(FlagKeys.UpstreamEnvNames.Select(kv => (kv.Key, kv.Value)))
            .ToList();

    public static IEnumerable<string> Names => All.Select(o => o.Name);
}
