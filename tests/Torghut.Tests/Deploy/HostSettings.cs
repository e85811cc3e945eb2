using System.Text.RegularExpressions;
using Torghut.Host.Configuration.Settings;
using Torghut.Tests.Support;

namespace Torghut.Tests.Deploy;

/// <summary>
/// The environment the host reads, from the settings catalogue (every host setting, its aliases and the flag
/// overrides), plus the names the venue plugins declare in their <c>*SettingNames</c> classes: plugins are loaded at
/// run time and never referenced by the host, so their names are the one part not in the catalogue.
/// </summary>
internal static partial class HostSettings
{
    public static IReadOnlySet<string> ReadByHost { get; } =
        SettingsCatalogue.Names.Concat(PluginSettingNames()).ToHashSet(StringComparer.Ordinal);

    /// <summary>Env names that override a flag; set in a manifest they would outrank the flags file and freeze it.</summary>
    public static IReadOnlySet<string> FlagOverrides { get; } =
        Torghut.Host.Configuration.Settings.FlagOverrides.Names.ToHashSet(StringComparer.Ordinal);

    /// <summary>Settings without a default (the catalogue documents them as "unset"): each with its aliases.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> WithoutDefault { get; } = SettingsCatalogue.All
        .Where(s => s.DefaultForDocs.StartsWith("unset", StringComparison.Ordinal))
        .Select(s => (IReadOnlyList<string>)s.Aliases.Prepend(s.Key).ToList()).ToList();

    private static IEnumerable<string> PluginSettingNames() =>
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "plugins"), "*SettingNames.cs",
            SearchOption.AllDirectories)
            .Where(f => !f.Contains("/bin/") && !f.Contains("/obj/"))
            .SelectMany(f => KeyConstant().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value));

    [GeneratedRegex("""const string \w+ = "([A-Z][A-Z0-9_]*)";""")]
    private static partial Regex KeyConstant();
}
