using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;

namespace Torghut.Host.Lanes;

/// <summary>A lane Torghut knows how to run: which flag switches it, which plugin serves it, where its symbols come from.</summary>
public sealed record LaneDefinition(
    string Name,
    Market Market,
    string FlagKey,
    string PluginSetting,
    string DefaultPlugin,
    string SymbolsSetting,
    IReadOnlyList<string> DefaultSymbols)
{
    public static readonly LaneDefinition Crypto = new("crypto", Market.Crypto, FlagKeys.WsCrypto,
        ConfigKeys.CryptoPlugin, "Alpaca.Crypto", ConfigKeys.CryptoSymbols, ["BTC/USD", "ETH/USD", "SOL/USD"]);

    // Upstream's last equity universe (configmap of 2026-03, capped at 12 by Alpaca's symbol limit).
    public static readonly LaneDefinition Equity = new("equity", Market.Equity, FlagKeys.WsEquity,
        ConfigKeys.EquityPlugin, "Alpaca.Equity", ConfigKeys.EquitySymbols,
        ["ARM", "CRWD", "GOOG", "LRCX", "MSFT", "MU", "NVDA", "SNDK", "TSM"]);

    public static readonly IReadOnlyList<LaneDefinition> All = [Crypto, Equity];
}
