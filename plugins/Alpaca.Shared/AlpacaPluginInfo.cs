using System.Reflection;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>Builds an Alpaca plugin's manifest; the contract version is the constant the plugin was compiled against.</summary>
public static class AlpacaPluginInfo
{
    public const string Venue = "alpaca";

    public static PluginManifest Manifest(string name, Market market, Assembly pluginAssembly) =>
        new(name,
            pluginAssembly.GetName().Version?.ToString(3) ?? "0.0.0",
            market,
            ContractVersion.Text,
            PluginServices.Feed | PluginServices.Backfill | PluginServices.History | PluginServices.SymbolCodec,
            Venue);
}
