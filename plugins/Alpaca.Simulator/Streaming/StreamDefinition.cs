using System.Text.RegularExpressions;
using Alpaca.Simulator.Market;

namespace Alpaca.Simulator.Streaming;

/// <summary>One websocket endpoint: its path, market, and the channel keys it supports.</summary>
internal sealed partial record StreamDefinition(string Path, AssetClass Class, bool RequiresSip, bool IsTest)
{
    /// <summary>Channel keys echoed in every subscription message, in Alpaca's order.</summary>
    public IReadOnlyList<string> EchoKeys => Class == AssetClass.Crypto ? CryptoKeys : StockEchoKeys;

    private static readonly string[] CryptoKeys = ["trades", "quotes", "orderbooks", "bars", "updatedBars", "dailyBars"];
    private static readonly string[] StockEchoKeys =
        ["trades", "quotes", "bars", "updatedBars", "dailyBars", "statuses", "lulds", "corrections", "cancelErrors", "imbalances"];
    private static readonly string[] StockSubscribable =
        ["trades", "quotes", "bars", "updatedBars", "dailyBars", "statuses", "lulds", "imbalances"];

    /// <summary>Keys a client may name in subscribe/unsubscribe. Stock corrections/cancelErrors follow trades implicitly.</summary>
    public bool CanSubscribe(string key) => Class == AssetClass.Crypto ? CryptoKeys.Contains(key) : StockSubscribable.Contains(key);

    /// <summary>Whether a channel key is implicit: echoed with the trades set, never subscribed directly.</summary>
    public bool IsImplicit(string key) => Class == AssetClass.Equity && key is "corrections" or "cancelErrors";

    public bool IsValidSymbol(string symbol) =>
        symbol == "*" || (Class == AssetClass.Crypto ? CryptoSymbol().IsMatch(symbol) : StockSymbol().IsMatch(symbol));

    /// <summary>The regex Alpaca's data API applies to crypto symbols.</summary>
    [GeneratedRegex("^[A-Z]+/[A-Z]+$")]
    public static partial Regex CryptoSymbol();

    /// <summary>Upper-case tickers, optionally with a class suffix (BRK.B).</summary>
    [GeneratedRegex("^[A-Z][A-Z0-9]{0,9}([.][A-Z0-9]{1,4})?$")]
    public static partial Regex StockSymbol();

    public static readonly IReadOnlyDictionary<string, StreamDefinition> All = new Dictionary<string, StreamDefinition>(StringComparer.Ordinal)
    {
        ["/v1beta3/crypto/us"] = new("/v1beta3/crypto/us", AssetClass.Crypto, false, false),
        ["/v1beta3/crypto/us-1"] = new("/v1beta3/crypto/us-1", AssetClass.Crypto, false, false),
        ["/v1beta3/crypto/eu-1"] = new("/v1beta3/crypto/eu-1", AssetClass.Crypto, false, false),
        ["/v1beta3/crypto/us-2"] = new("/v1beta3/crypto/us-2", AssetClass.Crypto, false, false),
        ["/v1beta3/crypto/bs-1"] = new("/v1beta3/crypto/bs-1", AssetClass.Crypto, false, false),
        ["/v2/iex"] = new("/v2/iex", AssetClass.Equity, false, false),
        ["/v2/sip"] = new("/v2/sip", AssetClass.Equity, true, false),
        ["/v2/delayed_sip"] = new("/v2/delayed_sip", AssetClass.Equity, false, false),
        ["/v2/test"] = new("/v2/test", AssetClass.Equity, false, true),
    };
}
