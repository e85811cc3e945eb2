using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;

namespace Torghut.Host.Flags;

/// <summary>
/// Top layer: flag values set at runtime from the dashboard (PUT /api/flags/{key}). Added last so an operator's click
/// wins over every file and env value until the process restarts; it is in memory on purpose — GitOps (the flags
/// file) stays the durable source of truth.
/// </summary>
public sealed class RuntimeFlagsSource : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new RuntimeFlagsProvider();
}

public sealed class RuntimeFlagsProvider : ConfigurationProvider, IFlagSource
{
    public const string Origin = "runtime (dashboard)";

    /// <summary>Sets a known flag and fires the reload token, which the lane supervisor reconciles on at once.</summary>
    public void SetFlag(string flagKey, bool enabled)
    {
        if (!FlagKeys.All.Contains(flagKey)) throw new ArgumentException($"unknown flag '{flagKey}'", nameof(flagKey));
        Data[FlagKeys.ConfigPath(flagKey)] = FlagBool.Text(enabled);
        OnReload();
    }

    public string Describe(string flagKey) => Origin;
}

/// <summary>
/// The runtime flags layer of this host's configuration, handed to the flags endpoint by the composition root so the
/// endpoint needs no configuration of its own; null Provider when the host was built without the layer.
/// </summary>
public sealed record RuntimeFlagsLayer(RuntimeFlagsProvider? Provider);
