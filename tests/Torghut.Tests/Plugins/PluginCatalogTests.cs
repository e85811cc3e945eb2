using System.Runtime.Loader;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Plugins;
using Torghut.Tests.Support;

namespace Torghut.Tests.Plugins;

[Collection(TestPluginsCollection.Name)]
public sealed class PluginCatalogTests(TestPlugins plugins)
{
    private PluginCatalog Catalog(string dir) => new(
        PluginsOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [ConfigKeys.PluginsDir] = dir }).Build()),
        NullLogger<PluginCatalog>.Instance);

    private LoadedPlugin Get(string name) => Catalog(plugins.PluginsDir).Plugins.Single(p => p.Name == name);

    [Fact]
    public void A_good_plugin_loads_in_its_own_load_context_sharing_the_host_contract()
    {
        var plugin = Get(TestPlugins.Good);
        plugin.Status.ShouldBe(PluginStatus.Loaded, plugin.Error);
        plugin.Manifest!.Version.ShouldBe("0.3.1");
        plugin.Manifest.ContractVersion.ShouldBe("1.0");
        plugin.Manifest.Market.ShouldBe(Market.Crypto);
        AssemblyLoadContext.GetLoadContext(plugin.Instance!.GetType().Assembly).ShouldNotBe(AssemblyLoadContext.Default);
        // The contract type is the host's own, or the cast above would have failed.
        plugin.Instance.ShouldBeAssignableTo<IVenuePlugin>();
        plugin.Instance.SymbolCodec!.Canonicalize(" btc/usd ").Symbol.ShouldBe("BTC/USD");
    }

    [Fact]
    public void A_plugin_whose_constructor_throws_is_reported_with_the_reason_and_the_rest_still_load()
    {
        var catalog = Catalog(plugins.PluginsDir);
        var broken = catalog.Plugins.Single(p => p.Name == TestPlugins.Throwing);
        broken.Status.ShouldBe(PluginStatus.Failed);
        broken.Error.ShouldContain("constructor threw");
        broken.Error.ShouldContain("sample plugin refuses to start");
        broken.Path.ShouldEndWith($"{TestPlugins.Throwing}.dll");
        catalog.FindLoaded(TestPlugins.Good).ShouldNotBeNull();
    }

    [Fact]
    public void A_plugin_declaring_another_contract_major_is_refused_naming_both_versions()
    {
        var plugin = Get(TestPlugins.NewerMajorManifest);
        plugin.Status.ShouldBe(PluginStatus.Failed);
        plugin.Error.ShouldContain("2.0");
        plugin.Error.ShouldContain($"host contract {ContractVersion.Text}");
    }

    [Fact]
    public void A_plugin_compiled_against_another_Abstractions_major_is_refused_before_its_code_runs()
    {
        var plugin = Get(TestPlugins.OtherAbstractions);
        plugin.Status.ShouldBe(PluginStatus.Failed);
        plugin.Error.ShouldContain("contract 2.x");
        plugin.Error.ShouldContain($"host contract is {ContractVersion.Text}");
    }

    [Theory]
    [InlineData(TestPlugins.NoEntry, "no public class implements IVenuePlugin")]
    [InlineData("Sample.Empty", "no Sample.Empty.dll")]
    [InlineData("Sample.Garbage", "unreadable assembly")]
    public void Broken_plugin_folders_are_reported_with_a_reason(string name, string reason)
    {
        var plugin = Get(name);
        plugin.Status.ShouldBe(PluginStatus.Failed);
        plugin.Error.ShouldContain(reason);
    }

    [Fact]
    public void A_missing_plugins_directory_means_no_plugins_not_a_crash()
    {
        Catalog(Path.Combine(Path.GetTempPath(), "does-not-exist-" + Guid.NewGuid())).Plugins.ShouldBeEmpty();
    }
}
