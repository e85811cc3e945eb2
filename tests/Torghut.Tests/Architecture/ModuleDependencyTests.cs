using Torghut.Host.Lanes;
using Xunit.Abstractions;

namespace Torghut.Tests.Architecture;

/// <summary>
/// Dependencies between the host's modules (its folders) point one way, along the data path and up to what observes
/// it: a module uses only modules listed before it (docs/architecture.md). The composition root (namespace
/// <c>Torghut.Host</c>: Program, HostComposition, TorghutConfiguration) may use any. Read from the compiled assembly.
/// </summary>
public sealed class ModuleDependencyTests(ITestOutputHelper output)
{
    /// <summary>Bottom first. Shared contracts and settings, then the data path, then what observes and serves it.</summary>
    public static readonly string[] Layers =
    [
        "Configuration", "Logging", "Composition", "Shutdown", "Flags", "Plugins", "Transport", "Storage", "OrderBooks",
        "Lanes", "Universe", "Analysis", "Ingest", "Health", "Gates", "Metrics", "Gateway", "Web", "Cli",
    ];

    private static readonly Dictionary<(string From, string To), string> Edges = ModuleGraph.Edges(typeof(LanePlan).Assembly);

    [Fact]
    public void Every_module_of_the_host_has_its_place_in_the_layers()
    {
        var modules = typeof(LanePlan).Assembly.GetTypes().Select(ModuleGraph.ModuleOf).OfType<string>().Distinct().Order().ToList();
        modules.Except(Layers).ShouldBeEmpty("a new folder needs its place in ModuleDependencyTests.Layers and docs/architecture.md");
        Layers.Except(modules).ShouldBeEmpty("a layer names a folder that no longer exists");
    }

    [Fact]
    public void A_module_uses_only_modules_below_it()
    {
        var upward = Edges.Where(e => Array.IndexOf(Layers, e.Key.To) > Array.IndexOf(Layers, e.Key.From))
            .Select(e => $"{e.Key.From} -> {e.Key.To}: {e.Value.Split(" | ")[0]}").Order().ToList();
        foreach (var u in upward) output.WriteLine(u);
        upward.ShouldBeEmpty();
    }

    [Fact]
    public void There_are_no_cycles_between_modules() => ModuleGraph.Cycles(Edges.Keys).ShouldBeEmpty();

    [Fact]
    public void The_graph_sees_uses_hidden_in_method_bodies_lambdas_and_async_state_machines()
    {
        // Without these, the two tests above could pass on a graph that sees only signatures.
        Edges.ShouldContainKey(("Ingest", "Transport")); // IngestLane's async RunAsync builds LaneRepair with a TopicMap
        Edges.ShouldContainKey(("Web", "Health"));       // a minimal-API lambda takes ILiveness
        ModuleGraph.Cycles([("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]).ShouldBe(["A → B → C → A"]);
    }
}
