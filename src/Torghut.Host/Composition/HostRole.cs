namespace Torghut.Host.Composition;

/// <summary>What one `run` process does (`--role`): everything, the venue lanes only, or the TA worker only.</summary>
public enum HostRole { All, Ingest, Ta }

public static class HostRoles
{
    public static readonly IReadOnlyList<string> Names = ["all", "ingest", "ta"];

    public static HostRole Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "all" => HostRole.All,
        "ingest" => HostRole.Ingest,
        "ta" => HostRole.Ta,
        _ => throw new Configuration.ConfigException(
            $"--role: '{name}' is not allowed; expected one of all, ingest, ta"),
    };

    public static string Name(this HostRole role) => Names[(int)role];
    public static bool RunsLanes(this HostRole role) => role != HostRole.Ta;
    public static bool RunsTaWorker(this HostRole role) => role != HostRole.Ingest;
}
