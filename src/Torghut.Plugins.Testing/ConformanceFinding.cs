namespace Torghut.Plugins.Testing;

/// <summary>One broken promise of the plugin contract.</summary>
/// <param name="Check">Which check found it (one of <see cref="ConformanceChecks"/>).</param>
/// <param name="Detail">What was wrong, with the offending input where it helps.</param>
public sealed record ConformanceFinding(string Check, string Detail)
{
    /// <summary><c>[check] detail</c>.</summary>
    public override string ToString() => $"[{Check}] {Detail}";
}

/// <summary>Thrown by <see cref="PluginConformance.AssertConforms"/>; the message lists every finding.</summary>
public sealed class PluginConformanceException : Exception
{
    /// <summary>Creates the exception for a non-empty list of findings.</summary>
    public PluginConformanceException(string pluginName, IReadOnlyList<ConformanceFinding> findings)
        : base($"plugin '{pluginName}' breaks {findings.Count} contract promise(s):\n  " + string.Join("\n  ", findings))
        => Findings = findings;

    /// <summary>Every finding.</summary>
    public IReadOnlyList<ConformanceFinding> Findings { get; }
}
