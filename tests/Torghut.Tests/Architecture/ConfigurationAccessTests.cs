using System.Reflection;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Lanes;
using Xunit.Abstractions;

namespace Torghut.Tests.Architecture;

/// <summary>
/// Settings are read once, by the composition root, into one options record per module
/// (docs/adr/0070-options-records.md): outside the root no type keeps configuration (a constructor parameter or a field), and nothing but the configuration
/// layers themselves writes it at run time. Read from the compiled assembly, lambdas and state machines included.
/// </summary>
public sealed class ConfigurationAccessTests(ITestOutputHelper output)
{
    private static readonly Assembly Host = typeof(LanePlan).Assembly;

    /// <summary>The composition root: it builds configuration and the records (Cli commands build hosts too).</summary>
    private static readonly string[] RootNamespaces =
        ["Torghut.Host", "Torghut.Host.Cli", "Torghut.Host.Configuration", "Torghut.Host.Flags"];

    private static readonly Type[] ConfigurationTypes =
    [
        typeof(IConfiguration), typeof(IConfigurationRoot), typeof(IConfigurationSection),
        typeof(ConfigurationManager),
    ];

    [Fact]
    public void No_type_outside_the_composition_root_keeps_configuration()
    {
        var offenders = Host.GetTypes().Where(t => !InRoot(t))
            .SelectMany(t => Holdings(t).Select(h => (Type: Outermost(t).FullName!, Where: $"{t.FullName} {h}")))
            .ToList();
        foreach (var o in offenders) output.WriteLine(o.Where);
        offenders.Select(o => o.Type).Distinct().Order()
            .ShouldBeEmpty("take the module's options record instead (registered by HostComposition)");
    }

    [Fact]
    public void Only_the_configuration_layers_write_configuration()
    {
        var writers = Host.GetTypes()
            .Where(t => Outermost(t).Name != "TorghutConfiguration" && t.Namespace != "Torghut.Host.Flags")
            .SelectMany(t => t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All))
                .SelectMany(m => ModuleGraph.MembersNamed(m).Where(IsConfigurationWrite)
                    .Select(w => $"{t.FullName}.{m.Name} calls {w.DeclaringType}.{w.Name}")))
            .Distinct().Order().ToList();
        writers.ShouldBeEmpty("a value decided at run time goes into a typed registration, not into configuration");
    }

    [Fact]
    public void The_check_sees_a_configuration_write_and_a_kept_configuration()
    {
        // The two rules above pass only if they can fail: this test's own helper types are offenders of both kinds.
        Holdings(typeof(KeepsConfiguration)).ShouldNotBeEmpty();
        typeof(KeepsConfiguration).GetMethods(All).SelectMany(ModuleGraph.MembersNamed).Any(IsConfigurationWrite)
            .ShouldBeTrue();
    }

    private sealed class KeepsConfiguration(IConfiguration configuration)
    {
        public void Write() => configuration["TORGHUT_ADMIN_TOKEN"] = "x";
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance |
                                     BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static bool InRoot(Type t) => Outermost(t).Namespace is { } ns &&
        (RootNamespaces.Contains(ns) || ns.StartsWith("Torghut.Host.Configuration.", StringComparison.Ordinal));

    private static Type Outermost(Type t) => t.DeclaringType is { } d ? Outermost(d) : t;

    private static IEnumerable<string> Holdings(Type t) =>
        t.GetFields(All).Where(f => IsConfiguration(f.FieldType)).Select(f => $"field {f.Name}")
            .Concat(t.GetConstructors(All).SelectMany(c => c.GetParameters())
                .Where(p => IsConfiguration(p.ParameterType)).Select(p => $"constructor takes {p.Name}"));

    private static bool IsConfiguration(Type type) => ConfigurationTypes.Any(c => c.IsAssignableFrom(type));

    // The indexer's and a section's setters, and a provider's Set / ConfigurationManager's indexer.
    private static bool IsConfigurationWrite(MemberInfo member) => member is MethodInfo m &&
        m.DeclaringType?.Namespace == "Microsoft.Extensions.Configuration" &&
        m.Name is "set_Item" or "set_Value" or "Set";
}
