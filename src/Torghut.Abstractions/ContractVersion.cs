namespace Torghut.Abstractions;

/// <summary>
/// The version of this plugin contract. A host accepts a plugin whose contract major equals the host's and whose
/// minor is less than or equal to the host's; any other plugin is refused with both versions named.
/// </summary>
public static class ContractVersion
{
    /// <summary>Incremented on a breaking change to any public type in this assembly.</summary>
    public const int Major = 1;

    /// <summary>Incremented when members are added without breaking existing plugins.</summary>
    public const int Minor = 3;

    /// <summary>
    /// The contract version as <c>major.minor</c>. A constant, so a plugin's manifest bakes in the version it was
    /// compiled against (reading it at run time would return the host's). Keep in step with Major and Minor.
    /// </summary>
    public const string Text = "1.3";

    /// <summary>
    /// Parses a <c>major.minor</c> contract version string.
    /// </summary>
    /// <param name="text">The version text, e.g. <c>1.0</c>.</param>
    /// <param name="major">The parsed major.</param>
    /// <param name="minor">The parsed minor.</param>
    /// <returns>True when <paramref name="text"/> is two non-negative integers separated by a dot.</returns>
    public static bool TryParse(string? text, out int major, out int minor)
    {
        major = minor = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var parts = text.Trim().Split('.');
        return parts.Length == 2
               && int.TryParse(parts[0], System.Globalization.NumberStyles.None, null, out major)
               && int.TryParse(parts[1], System.Globalization.NumberStyles.None, null, out minor);
    }

    /// <summary>
    /// True when a plugin built against <paramref name="pluginContract"/> can run on this contract version.
    /// </summary>
    /// <param name="pluginContract">The plugin's declared contract, <c>major.minor</c>.</param>
    /// <param name="reason">Why it is refused, naming both versions; null when accepted.</param>
    public static bool IsCompatible(string? pluginContract, out string? reason)
    {
        if (!TryParse(pluginContract, out var major, out var minor))
        {
            reason = $"plugin declares contract version '{pluginContract}', which is not major.minor; host contract is {Text}";
            return false;
        }
        if (major != Major)
        {
            reason = $"plugin contract {major}.{minor} has a different major than host contract {Text}";
            return false;
        }
        if (minor > Minor)
        {
            reason = $"plugin contract {major}.{minor} is newer than host contract {Text}";
            return false;
        }
        reason = null;
        return true;
    }
}
