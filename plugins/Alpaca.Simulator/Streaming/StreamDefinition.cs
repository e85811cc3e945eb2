using System.Text.RegularExpressions;
using Alpaca.Simulator.Market;
using Torghut.AlpacaStream;

namespace Alpaca.Simulator.Streaming;

/// <summary>One websocket endpoint: its path and market; the channel rules are the shared protocol's.</summary>
internal sealed record StreamDefinition(string Path, AssetClass Class, bool RequiresSip, bool IsTest)
{
    public StreamChannels Channels => Class == AssetClass.Crypto ? StreamChannels.Crypto : StreamChannels.Equity;

    /// <summary>The regex Alpaca's data API applies to crypto symbols.</summary>
    public static Regex CryptoSymbol() => StreamChannels.CryptoSymbol();

    /// <summary>Upper-case tickers, optionally with a class suffix (BRK.B).</summary>
    public static Regex StockSymbol() => StreamChannels.StockSymbol();

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
