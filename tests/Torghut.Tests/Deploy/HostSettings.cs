using System.Text.RegularExpressions;
using Torghut.Host.Flags;
using Torghut.Tests.Support;

namespace Torghut.Tests.Deploy;

/// <summary>
/// The environment the host reads, derived from its source rather than copied: the constants of the settings-key
/// classes (ConfigKeys, StorageKeys, KafkaSettingKeys, AlpacaSettingNames, …), every upper-case literal the code looks
/// up in IConfiguration (<c>configuration["X"]</c>, <c>Ms(c, "X", …)</c>, <c>Get("X", …)</c>), and the flag overrides
/// (FlagKeys). Defaults come from the settings tables of docs/configuration.md, which document every key with its
/// default.
/// </summary>
internal static partial class HostSettings
{
    private static readonly string[] SourceRoots = ["src/Torghut.Host", "plugins"];

    public static IReadOnlySet<string> ReadByHost { get; } = Scan();

    /// <summary>Env names that override a flag; set in a manifest they would outrank the flags file and freeze it.</summary>
    public static IReadOnlySet<string> FlagOverrides { get; } =
        FlagKeys.All.Select(FlagKeys.EnvName).Concat(FlagKeys.UpstreamEnvNames.Keys).ToHashSet();

    private static HashSet<string> Scan()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var root in SourceRoots)
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, root), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains("/bin/") || file.Contains("/obj/")) continue;
                var text = File.ReadAllText(file);
                var name = Path.GetFileNameWithoutExtension(file);
                if (name.EndsWith("Keys") || name.EndsWith("SettingNames"))
                    foreach (Match m in KeyConstant().Matches(text)) keys.Add(m.Groups[1].Value);
                foreach (Match m in ConfigurationLookup().Matches(text)) keys.Add(m.Groups[1].Value);
            }
        keys.UnionWith(FlagKeys.All.Select(FlagKeys.EnvName));
        keys.UnionWith(FlagKeys.UpstreamEnvNames.Keys);
        return keys;
    }

    /// <summary>
/// docs/configuration.md rows whose default is "unset": each row's names, an alias in parentheses counting for its
/// name.
/// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> WithoutDefault { get; } = DocumentedRowsWithoutDefault();

    private static List<IReadOnlyList<string>> DocumentedRowsWithoutDefault()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Root, "docs", "configuration.md")))
        {
            var cells = line.Split('|');
            if (cells.Length < 4 || !cells[2].Trim().StartsWith("unset", StringComparison.Ordinal)) continue;
            foreach (Match m in DocumentedName().Matches(cells[1]))
            {
                var names = new List<string> { m.Groups[1].Value };
                if (m.Groups[2].Success) names.Add(m.Groups[2].Value);
                rows.Add(names);
            }
        }
        return rows;
    }

    [GeneratedRegex("""const string \w+ = "([A-Z][A-Z0-9_]*)";""")]
    private static partial Regex KeyConstant();

    [GeneratedRegex(@"(?:\[|\(\s*(?:c|configuration)\s*,\s*|\b(?:Get|Int|Ms|Double|Bool)\(\s*)""([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)""")]
    private static partial Regex ConfigurationLookup();

    [GeneratedRegex(@"`([A-Z][A-Z0-9_]+)`(?:\s*\((?:or\s+)?`([A-Z][A-Z0-9_]+)`\))?")]
    private static partial Regex DocumentedName();
}
