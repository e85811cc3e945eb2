using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Host.Plugins;

namespace Torghut.Host.Lanes;

/// <summary>
/// Turns flags, settings and plugins into lane plans. Symbols: the lane's own list (SYMBOLS_CRYPTO /
/// SYMBOLS_EQUITY) if set; else upstream's single SYMBOLS list split by market (a '/' means crypto); else the
/// lane's default universe. Every symbol goes through the lane plugin's codec; refused ones are reported.
/// </summary>
public sealed class LanePlanner(IFlagReader flags, IPluginCatalog plugins, IConfiguration configuration)
    : ILanePlanner, IHostComponent
{
    public async Task<IReadOnlyList<LanePlan>> PlanAllAsync()
    {
        var result = new List<LanePlan>(LaneDefinition.All.Count);
        foreach (var lane in LaneDefinition.All) result.Add(Plan(lane, await flags.IsEnabledAsync(lane.FlagKey)));
        return result;
    }

    private LanePlan Plan(LaneDefinition lane, bool enabled)
    {
        var pluginName = Setting(lane.PluginSetting) ?? lane.DefaultPlugin;
        var basePlan = new LanePlan
        {
            Name = lane.Name, Market = lane.Market, Flag = lane.FlagKey, Enabled = enabled, Plugin = pluginName,
            CredentialsSet = Setting(ConfigKeys.AlpacaKeyId) is not null && Setting(ConfigKeys.AlpacaSecretKey) is not null,
        };
        var plugin = plugins.FindLoaded(pluginName);
        if (plugin is null)
        {
            var failed = plugins.Plugins.FirstOrDefault(p => string.Equals(p.Name, pluginName, StringComparison.OrdinalIgnoreCase));
            return basePlan with
            {
                Problem = failed?.Error is { } error
                    ? $"plugin {pluginName} failed to load: {error}"
                    : $"plugin {pluginName} not found in {plugins.Directory}",
            };
        }
        var manifest = plugin.Manifest!;
        var planWithPlugin = basePlan with { PluginVersion = manifest.Version, Venue = manifest.Venue };
        if (manifest.Market != lane.Market)
            return planWithPlugin with { Problem = $"plugin {pluginName} serves {manifest.Market}, not {lane.Market}" };
        var codec = plugin.Instance!.SymbolCodec;
        if (codec is null) return planWithPlugin with { Problem = $"plugin {pluginName} has no symbol codec" };

        var (symbols, rejected) = ResolveSymbols(lane, codec);
        try
        {
            var context = new VenueContext(key => configuration[key]);
            var feed = plugin.Instance.CreateFeed(context);
            var backfill = plugin.Instance.CreateBackfill(context);
            return planWithPlugin with
            {
                Feed = feed, Backfill = backfill, Codec = codec,
                StreamUrl = feed?.StreamUri.ToString(),
                BackfillUrl = backfill?.BuildRequest(new BarsRequest(symbols, BarTimeframe.OneMinute, null, null), null)
                    .Uri.GetLeftPart(UriPartial.Path),
                Channels = feed?.Channels ?? [],
                Symbols = symbols,
                RejectedSymbols = rejected,
                Problem = feed is null ? $"plugin {pluginName} provides no feed" : null,
            };
        }
        catch (ArgumentException e)
        {
            return planWithPlugin with { Problem = $"invalid setting for plugin {pluginName}: {e.Message}", Symbols = symbols, RejectedSymbols = rejected };
        }
    }

    private (IReadOnlyList<string>, IReadOnlyList<RejectedSymbol>) ResolveSymbols(LaneDefinition lane, ISymbolCodec codec)
    {
        var raw = SymbolList.Split(Setting(lane.SymbolsSetting));
        if (raw.Count == 0)
            raw = SymbolList.Split(Setting(ConfigKeys.Symbols)).Where(s => s.Contains('/') == (lane.Market == Market.Crypto)).ToList();
        if (raw.Count == 0) raw = lane.DefaultSymbols;
        var accepted = new List<string>();
        var rejected = new List<RejectedSymbol>();
        foreach (var input in raw)
        {
            var result = codec.Canonicalize(input);
            if (!result.IsValid) rejected.Add(new RejectedSymbol(input, result.Error ?? "rejected"));
            else if (!accepted.Contains(result.Symbol!)) accepted.Add(result.Symbol!);
        }
        return (accepted, rejected);
    }

    private string? Setting(string key) => configuration[key] is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
