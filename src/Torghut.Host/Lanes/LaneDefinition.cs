using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;

namespace Torghut.Host.Lanes;

/// <summary>
/// A lane Torghut knows how to run: which flag switches it, which plugin serves it, where its symbols come from.
/// Two are built in (crypto, equity: Alpaca by default); more are configured for any plugin with TORGHUT_LANES and
/// TORGHUT_LANE_&lt;NAME&gt;_* settings (see <see cref="Read"/>).
/// </summary>
public sealed partial record LaneDefinition(
    string Name,
    Market? Market,
    string? FlagKey,
    string PluginSetting,
    string DefaultPlugin,
    string SymbolsSetting,
    IReadOnlyList<string> DefaultSymbols)
{
    /// <summary>For a configured lane, the prefix of its own settings (<c>TORGHUT_LANE_REPLAY_</c>); null for the built-ins.</summary>
    public string? SettingsPrefix { get; init; }

    /// <summary>Why a configured lane's definition is unusable (e.g. a bad name); null when fine.</summary>
    public string? Problem { get; init; }

    public static readonly LaneDefinition Crypto = new("crypto", Abstractions.Market.Crypto, FlagKeys.WsCrypto,
        ConfigKeys.CryptoPlugin, "Alpaca.Crypto", ConfigKeys.CryptoSymbols, ["BTC/USD", "ETH/USD", "SOL/USD"]);

    // Upstream's last equity universe (configmap of 2026-03, capped at 12 by Alpaca's symbol limit).
    public static readonly LaneDefinition Equity = new("equity", Abstractions.Market.Equity, FlagKeys.WsEquity,
        ConfigKeys.EquityPlugin, "Alpaca.Equity", ConfigKeys.EquitySymbols,
        ["ARM", "CRWD", "GOOG", "LRCX", "MSFT", "MU", "NVDA", "SNDK", "TSM"]);

    /// <summary>The built-in lanes.</summary>
    public static readonly IReadOnlyList<LaneDefinition> All = [Crypto, Equity];

    /// <summary>
    /// The built-in lanes and those named in TORGHUT_LANES (comma-separated, lower-case letters, digits, '_'), each
    /// configured by TORGHUT_LANE_&lt;NAME&gt;_PLUGIN (required), _SYMBOLS, _ENABLED (default true), _FLAG (a flag that
    /// must also be on), _SIMULATOR (run the plugin's bundled simulator), _KEY_ID/_SECRET_KEY, and any plugin setting
    /// as TORGHUT_LANE_&lt;NAME&gt;_&lt;SETTING&gt; (wins over the global setting for this lane only).
    /// </summary>
    public static IReadOnlyList<LaneDefinition> Read(IConfiguration configuration)
    {
        var result = new List<LaneDefinition>(All);
        foreach (var name in SymbolList.Split(configuration[ConfigKeys.Lanes]).Select(n => n.ToLowerInvariant()).Distinct())
        {
            if (All.Any(d => d.Name == name)) continue; // naming a built-in is harmless
            var prefix = ConfigKeys.LanePrefix + name.ToUpperInvariant() + "_";
            result.Add(new LaneDefinition(name, null, null, prefix + "PLUGIN", "", prefix + "SYMBOLS", [])
            {
                SettingsPrefix = prefix,
                Problem = LaneName().IsMatch(name) ? null : $"lane name '{name}' in {ConfigKeys.Lanes} must be 1-32 lower-case letters, digits or '_', starting with a letter",
            });
        }
        return result;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,31}$")]
    private static partial Regex LaneName();
}
