using Alpaca.Crypto;
using Alpaca.Equity;
using Alpaca.Shared;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

public class ManifestTests
{
    private const PluginServices Expected =
        PluginServices.Feed | PluginServices.Backfill | PluginServices.History | PluginServices.SymbolCodec;

    [Fact]
    public void Crypto_manifest_names_the_plugin_market_contract_and_services()
    {
        var plugin = new AlpacaCryptoPlugin();
        plugin.Manifest.ShouldBe(new PluginManifest("Alpaca.Crypto", "1.0.0", Market.Crypto, ContractVersion.Text, Expected, "alpaca"));
        plugin.SymbolCodec.ShouldBeOfType<CryptoSymbolCodec>();
        ContractVersion.IsCompatible(plugin.Manifest.ContractVersion, out _).ShouldBeTrue();
    }

    [Fact]
    public void Equity_manifest_names_the_plugin_market_contract_and_services()
    {
        var plugin = new AlpacaEquityPlugin();
        plugin.Manifest.ShouldBe(new PluginManifest("Alpaca.Equity", "1.0.0", Market.Equity, ContractVersion.Text, Expected, "alpaca"));
        plugin.SymbolCodec.ShouldBeOfType<EquitySymbolCodec>();
        ((IVenuePlugin)plugin).CreateSimulator().ShouldBeNull();
    }

    [Theory]
    [InlineData(typeof(AlpacaCryptoPlugin))]
    [InlineData(typeof(AlpacaEquityPlugin))]
    public void Each_plugin_assembly_exposes_exactly_one_public_plugin_with_a_parameterless_constructor(Type pluginType)
    {
        var plugins = pluginType.Assembly.GetExportedTypes()
            .Where(t => typeof(IVenuePlugin).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        plugins.ShouldBe([pluginType]);
        pluginType.GetConstructor(Type.EmptyTypes).ShouldNotBeNull();
    }
}
