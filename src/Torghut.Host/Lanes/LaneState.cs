namespace Torghut.Host.Lanes;

/// <summary>The supervisor's view of one lane, for the status API and tests.</summary>
public sealed record LaneState(string Name, bool Running, DateTimeOffset? Since, string? Problem, string? StreamUrl,
    IReadOnlyList<string> Symbols, int Starts);
