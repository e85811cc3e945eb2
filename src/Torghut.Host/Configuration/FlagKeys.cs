namespace Torghut.Host.Configuration;

/// <summary>The flags Torghut reads, keyed exactly as upstream's Flipt catalog names them.</summary>
public static class FlagKeys
{
    public const string Section = "FeatureManagement";
    public const string WsCrypto = "torghut_ws_crypto_enabled";
    public const string WsEquity = "torghut_ws_equity_enabled";
    public const string UniverseCrypto = "torghut_universe_crypto_enabled";
    public const string TradingCrypto = "torghut_trading_crypto_enabled";
    public const string TradingCryptoLive = "torghut_trading_crypto_live_enabled";

    public static readonly IReadOnlyList<string> All = [WsCrypto, WsEquity, UniverseCrypto, TradingCrypto, TradingCryptoLive];

    /// <summary>Upstream trading-service env names for the same flags (services/torghut config).</summary>
    public static readonly IReadOnlyDictionary<string, string> UpstreamEnvNames = new Dictionary<string, string>
    {
        ["TRADING_WS_CRYPTO_ENABLED"] = WsCrypto,
        ["TRADING_UNIVERSE_CRYPTO_ENABLED"] = UniverseCrypto,
        ["TRADING_CRYPTO_ENABLED"] = TradingCrypto,
        ["TRADING_CRYPTO_LIVE_ENABLED"] = TradingCryptoLive,
    };

    public static string ConfigPath(string key) => $"{Section}:{key}";

    /// <summary>The env var that overrides a flag: the key upper-cased (TORGHUT_WS_CRYPTO_ENABLED).</summary>
    public static string EnvName(string key) => key.ToUpperInvariant();
}
