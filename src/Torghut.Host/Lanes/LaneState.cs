namespace Torghut.Host.Lanes;

/// <summary>
/// The supervisor's view of one lane, for the status API and tests. <see cref="Failed"/>: the lane (or its plugin)
/// threw and it stays down until its plugin is replaced or its switch is turned off and on; <see cref="Failures"/>
/// counts such failures since the host started.
/// </summary>
public sealed record LaneState(string Name, bool Running, DateTimeOffset? Since, string? Problem, string? StreamUrl,
    IReadOnlyList<string> Symbols, int Starts, string? Plugin = null, string? PluginVersion = null, bool Failed = false,
    int Failures = 0);
