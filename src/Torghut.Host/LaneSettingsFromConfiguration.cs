using Microsoft.Extensions.Configuration;
using Torghut.Host.Lanes;

namespace Torghut.Host;

/// <summary>The lane planner's settings lookup over this host's configuration (composition root; ADR 0070).</summary>
public sealed class LaneSettingsFromConfiguration(IConfiguration configuration) : ILaneSettings
{
    public string? this[string key] => configuration[key];
}
