using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Plugins;
using Torghut.Tests.Support;

namespace Torghut.Tests.Plugins;

/// <summary>The catalog's rescan, in process: what a replaced version leaves behind, and folders being written.</summary>
[Collection(TestPluginsCollection.Name)]
public sealed class PluginCatalogReloadTests(TestPlugins plugins)
{
    private static PluginCatalog Catalog(string dir) => new(
        new PluginsOptions(Path.GetFullPath(dir), Debounce: TimeSpan.Zero, Rescan: TimeSpan.Zero),
        NullLogger<PluginCatalog>.Instance);

    [Fact]
    public async Task A_replaced_version_is_swapped_in_and_the_old_load_context_is_collected_once_released()
    {
        using var dir = new TempDir("torghut-reload");
        var folder = Path.Combine(dir.Path, TestPlugins.Good);
        HotDropInTests.CopyFolder(Path.Combine(plugins.PluginsDir, TestPlugins.Good), folder);
        using var catalog = Catalog(dir.Path);
        var (oldContext, lease) = LoadedContext(catalog);

        HotDropInTests.CopyFolder(plugins.Variant("v2", TestPlugins.Good), folder);
        var report = catalog.Rescan();
        report.Changes.ShouldHaveSingleItem().Change.ShouldBe("replaced");
        catalog.FindLoaded(TestPlugins.Good)!.Manifest!.Version.ShouldBe("0.4.0");

        // A lane still holds the old version: it stays loaded until released, then its context goes away.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        oldContext.IsAlive.ShouldBeTrue();
        lease.Dispose();
        await Eventually.HoldsAsync(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return !oldContext.IsAlive;
        }, "the replaced version's load context collected", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_folder_removed_drops_its_plugin_and_an_unchanged_folder_is_not_reloaded()
    {
        using var dir = new TempDir("torghut-reload");
        HotDropInTests.CopyFolder(Path.Combine(plugins.PluginsDir, TestPlugins.Good), Path.Combine(dir.Path, TestPlugins.Good));
        using var catalog = Catalog(dir.Path);
        var loaded = catalog.FindLoaded(TestPlugins.Good)!;
        catalog.Rescan().Changes.ShouldBeEmpty();
        catalog.FindLoaded(TestPlugins.Good).ShouldBeSameAs(loaded);

        Directory.Delete(Path.Combine(dir.Path, TestPlugins.Good), recursive: true);
        catalog.Rescan().Changes.ShouldHaveSingleItem().Change.ShouldBe("removed");
        catalog.FindLoaded(TestPlugins.Good).ShouldBeNull();
    }

    // Not inlined: no local in the test keeps the old version's types reachable.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Context, IDisposable Lease) LoadedContext(PluginCatalog catalog)
    {
        var plugin = catalog.FindLoaded(TestPlugins.Good)!;
        var context = AssemblyLoadContext.GetLoadContext(plugin.Instance!.GetType().Assembly)!;
        context.IsCollectible.ShouldBeTrue();
        return (new WeakReference(context), plugin.Lease());
    }
}
