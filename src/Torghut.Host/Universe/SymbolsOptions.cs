using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;
using Torghut.Host.Lanes;

namespace Torghut.Host.Universe;

/// <summary>
/// The universe's settings, read once by the composition root (docs/adr/0070-options-records.md): where the symbols
/// live (<see cref="DatabaseUrl"/> selects PostgreSQL, else the SQLite <see cref="SymbolsDb"/>, else
/// <c>symbols.db</c> in <see cref="DataDir"/>) and which plugin's codec validates each asset class's symbols (the
/// plugin its built-in lane uses).
/// </summary>
public sealed record SymbolsOptions(string? DatabaseUrl, string? SymbolsDb, string DataDir, string CryptoPlugin,
    string EquityPlugin)
{
    /// <summary>Called by the composition root only.</summary>
    public static SymbolsOptions From(IConfiguration configuration) => new(
        UniverseCatalogue.DatabaseUrl.Read(configuration),
        UniverseCatalogue.SymbolsDb.Read(configuration),
        Storage.DataDirectory.Resolve(configuration),
        PluginOf(configuration, LaneDefinition.Crypto),
        PluginOf(configuration, LaneDefinition.Equity));

    private static string PluginOf(IConfiguration configuration, LaneDefinition lane) =>
        configuration[lane.PluginSetting] is { Length: > 0 } configured ? configured : lane.DefaultPlugin;
}
