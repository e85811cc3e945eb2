using Torghut.Abstractions;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Host.Plugins;

namespace Torghut.Host.Lanes;

/// <summary>
/// Turns flags, settings and plugins into lane plans. Symbols of a built-in lane: its own list (SYMBOLS_CRYPTO /
/// SYMBOLS_EQUITY) if set; else upstream's single SYMBOLS list split by market (a '/' means crypto); else the lane's
/// default universe. A configured lane takes TORGHUT_LANE_&lt;NAME&gt;_SYMBOLS. Every symbol goes through the lane
/// plugin's codec; refused ones are reported. Plugin code that throws while planning makes that lane's problem,
/// never the other lanes'.
/// </summary>
public sealed class LanePlanner(IFlagReader flags, IPluginCatalog plugins, ILaneSettings laneSettings,
    LanesOptions lanes, EmbeddedVenueSettings? embeddedVenue = null)
    : ILanePlanner, IHostComponent
{
    private static readonly IReadOnlyDictionary<string, string> NoSettings = new Dictionary<string, string>();

    public async Task<IReadOnlyList<LanePlan>> PlanAllAsync()
    {
        var definitions = lanes.Definitions;
        var result = new List<LanePlan>(definitions.Count);
        foreach (var lane in definitions)
        {
            try { result.Add(Plan(lane, await IsEnabledAsync(lane), null, NoSettings)); }
            catch (ConfigException e)
            {
                // A malformed lane setting (e.g. _ENABLED=maybe) is that lane's problem, reported as enabled so it shows.
                result.Add(new LanePlan
                {
                    Name = lane.Name, Market = lane.Market ?? Market.Other, Flag = lane.FlagKey ?? lane.SettingsPrefix + "ENABLED",
                    Enabled = true, Plugin = Setting(lane.PluginSetting) ?? lane.DefaultPlugin, Definition = lane, Problem = e.Message,
                });
            }
        }
        return result;
    }

    public LanePlan Replan(LanePlan plan, IReadOnlyDictionary<string, string> settings) =>
        Plan(plan.Definition ?? throw new ArgumentException("plan has no lane definition", nameof(plan)), plan.Enabled, plan.Source, settings);

    private async Task<bool> IsEnabledAsync(LaneDefinition lane)
    {
        if (lane.SettingsPrefix is null) return await flags.IsEnabledAsync(lane.FlagKey!);
        var enabled = Setting(lane.SettingsPrefix + "ENABLED") is not { } text || FlagBool.Parse(text, lane.SettingsPrefix + "ENABLED");
        return enabled && (Setting(lane.SettingsPrefix + "FLAG") is not { } flag || await flags.IsEnabledAsync(flag));
    }

    private LanePlan Plan(LaneDefinition lane, bool enabled, LoadedPlugin? source, IReadOnlyDictionary<string, string> overlay)
    {
        var prefix = lane.SettingsPrefix;
        var pluginName = Setting(lane.PluginSetting) ?? lane.DefaultPlugin;
        var basePlan = new LanePlan
        {
            Name = lane.Name, Market = lane.Market ?? Market.Other, Definition = lane, Enabled = enabled, Plugin = pluginName,
            Flag = prefix is null ? lane.FlagKey! : Setting(prefix + "FLAG") ?? prefix + "ENABLED",
            Simulator = prefix is not null && Setting(prefix + "SIMULATOR") is { } sim && FlagBool.Parse(sim, prefix + "SIMULATOR"),
            Credentials = prefix is not null && Setting(prefix + "KEY_ID") is { } key && Setting(prefix + "SECRET_KEY") is { } secret
                ? new VenueCredentials(key, secret) : null,
            CredentialsSet = prefix is not null && Setting(prefix + "KEY_ID") is not null && Setting(prefix + "SECRET_KEY") is not null,
        };
        if (lane.Problem is not null) return basePlan with { Problem = lane.Problem };
        if (pluginName.Length == 0) return basePlan with { Problem = $"no plugin: set {lane.PluginSetting}" };
        var plugin = source ?? plugins.FindLoaded(pluginName);
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
        var planWithPlugin = WithVenueCredentials(basePlan with
        {
            Market = manifest.Market, PluginVersion = manifest.Version, Venue = manifest.Venue, PluginLoadId = plugin.LoadId, Source = plugin,
        }, plugin);
        if (lane.Market is { } market && manifest.Market != market)
            return planWithPlugin with { Problem = $"plugin {pluginName} serves {manifest.Market}, not {market}" };
        if (planWithPlugin.Simulator && !plugin.Provides(PluginServices.Simulator))
            return planWithPlugin with { Problem = $"plugin {pluginName} ships no simulator ({prefix}SIMULATOR is set)" };

        var step = "SymbolCodec";
        try
        {
            var codec = plugin.Instance!.SymbolCodec;
            if (codec is null) return planWithPlugin with { Problem = $"plugin {pluginName} has no symbol codec" };
            step = "ISymbolCodec.Canonicalize";
            var (symbols, rejected) = ResolveSymbols(lane, codec);
            if (prefix is not null && symbols.Count == 0 && rejected.Count == 0)
                return planWithPlugin with { Problem = $"no symbols: set {lane.SymbolsSetting}", Codec = codec };
            try
            {
                // A lane's own TORGHUT_LANE_<NAME>_<KEY> wins, then its simulator's settings, then the embedded
                // simulator's (built-in lanes, `run` without venue keys), then the global KEY.
                var embedded = prefix is null ? embeddedVenue?.Settings : null;
                var context = new VenueContext(key =>
                    (prefix is null ? null : Setting(prefix + key)) ??
                    (overlay.TryGetValue(key, out var v) ? v : null) ??
                    (embedded is not null && embedded.TryGetValue(key, out var e) ? e : null) ?? laneSettings[key]);
                step = "CreateFeed";
                var feed = plugin.Instance.CreateFeed(context);
                step = "CreateBackfill";
                var backfill = plugin.Instance.CreateBackfill(context);
                step = "IFeedEndpoint";
                var streamUrl = feed?.StreamUri.ToString();
                var channels = feed?.Channels ?? [];
                step = "IBackfillSource.BuildRequest";
                var backfillUrl = backfill is null || (prefix is not null && symbols.Count == 0) ? null
                    : backfill.BuildRequest(new BarsRequest(symbols, BarTimeframe.OneMinute, null, null), null).Uri.GetLeftPart(UriPartial.Path);
                return planWithPlugin with
                {
                    Feed = feed, Backfill = backfill, Codec = codec, StreamUrl = streamUrl, BackfillUrl = backfillUrl,
                    Channels = channels, Symbols = symbols, RejectedSymbols = rejected,
                    Problem = feed is null ? $"plugin {pluginName} provides no feed"
                        : prefix is not null && symbols.Count == 0 ? $"no valid symbols in {lane.SymbolsSetting}" : null,
                };
            }
            catch (ArgumentException e) when (step is "CreateFeed" or "CreateBackfill" or "IBackfillSource.BuildRequest")
            {
                return planWithPlugin with { Problem = $"invalid setting for plugin {pluginName}: {e.Message}", Symbols = symbols, RejectedSymbols = rejected };
            }
        }
        catch (Exception e)
        {
            // Plugin code is foreign: whatever it throws stays this lane's problem.
            return planWithPlugin with { Problem = $"plugin {pluginName} threw in {step}: {e.GetType().Name}: {e.Message}" };
        }
    }

    private (IReadOnlyList<string>, IReadOnlyList<RejectedSymbol>) ResolveSymbols(LaneDefinition lane, ISymbolCodec codec)
    {
        var raw = SymbolList.Split(Setting(lane.SymbolsSetting));
        if (raw.Count == 0 && lane.Market is { } market)
            raw = SymbolList.Split(Setting(ConfigKeys.Symbols)).Where(s => s.Contains('/') == (market == Market.Crypto)).ToList();
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

    /// <summary>
    /// A lane without its own key pair uses the venue's, from the settings the plugin names (contract 1.3
    /// <see cref="IVenueCredentialSettings"/>, e.g. Alpaca's ALPACA_KEY_ID): the host knows no venue's names.
    /// </summary>
    private LanePlan WithVenueCredentials(LanePlan plan, LoadedPlugin plugin)
    {
        if (plan.Credentials is not null) return plan;
        string? keySetting, secretSetting;
        try
        {
            if (plugin.Instance is not IVenueCredentialSettings names) return plan;
            (keySetting, secretSetting) = (names.KeyIdSetting, names.SecretSetting);
        }
        catch (Exception) { return plan; } // a plugin that throws here has no usable names; the lane runs without
        if (string.IsNullOrWhiteSpace(keySetting) || string.IsNullOrWhiteSpace(secretSetting)) return plan;
        var key = Setting(keySetting);
        var secret = Setting(secretSetting);
        return plan with
        {
            CredentialSettings = $"{keySetting}/{secretSetting}",
            Credentials = key is not null && secret is not null ? new VenueCredentials(key, secret) : null,
            CredentialsSet = key is not null && secret is not null,
        };
    }

    private string? Setting(string key) =>
        laneSettings[key] is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
}
