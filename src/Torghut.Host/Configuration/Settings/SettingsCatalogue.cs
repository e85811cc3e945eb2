using System.Reflection;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Configuration.Settings;

/// <summary>
/// Every operator setting the host reads, in one place: each module declares its settings as static fields of its
/// catalogue class (Catalogue/*Catalogue.cs), listed in <see cref="Modules"/>. `run` and the one-shot commands check
/// them all at start (<see cref="Validate"/>: a refused value exits 2 naming it), `torghut settings --markdown` prints
/// docs/configuration.md from them, and the deploy tests compare the manifests against them.
/// </summary>
public static class SettingsCatalogue
{
    /// <summary>The modules' catalogue classes, in the order docs/configuration.md shows them.</summary>
    public static readonly IReadOnlyList<Type> Modules =
    [
        typeof(CoreCatalogue), typeof(PluginsCatalogue), typeof(LanesCatalogue), typeof(UniverseCatalogue),
        typeof(IngestCatalogue), typeof(RepairCatalogue), typeof(HealthCatalogue), typeof(TransportCatalogue),
        typeof(WebCatalogue), typeof(AnalysisCatalogue), typeof(StorageCatalogue), typeof(GatesCatalogue),
        typeof(GatewayCatalogue),
    ];

    public static IReadOnlyList<Setting> All { get; } = Collect();

    /// <summary>Every name the host reads: settings, their aliases, and the flag overrides.</summary>
    public static IReadOnlySet<string> Names { get; } = All.SelectMany(s => s.Aliases.Prepend(s.Key))
        .Concat(FlagOverrides.Names).ToHashSet(StringComparer.Ordinal);

    /// <summary>Checks every setting; throws one <see cref="ConfigException"/> naming each refused key and
    /// value.</summary>
    public static void Validate(IConfiguration configuration)
    {
        var problems = new List<string>();
        foreach (var setting in All)
        {
            try { setting.Check(configuration); }
            catch (ConfigException e) { problems.Add(e.Message); }
        }
        if (problems.Count == 0) return;
        // A secret pasted into the wrong setting is quoted there: hide every secret's value, wherever it appears.
        var message = string.Join("; ", problems);
        foreach (var secret in All.Where(s => s.Secret).Select(s => s.Raw(configuration)?.Trim()).OfType<string>())
            if (secret.Length >= 4) message = message.Replace(secret, "(hidden)", StringComparison.Ordinal);
        throw new ConfigException(message);
    }

    public static Setting? Find(string key) => All.FirstOrDefault(s => s.Key == key || s.Aliases.Contains(key));

    private static List<Setting> Collect()
    {
        var all = new List<Setting>();
        foreach (var module in Modules)
            foreach (var field in module.GetFields(BindingFlags.Public | BindingFlags.Static))
                if (field.GetValue(null) is Setting setting)
                {
                    setting.Module = module.Name.Replace("Catalogue", "");
                    all.Add(setting);
                }
        var duplicate = all.SelectMany(s => s.Aliases.Prepend(s.Key)).GroupBy(k => k)
            .FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"setting {duplicate.Key} is declared twice");
        return all;
    }
}
