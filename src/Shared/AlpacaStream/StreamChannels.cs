using System.Text.RegularExpressions;

namespace Torghut.AlpacaStream;

// Shared source (ADR 0050): compiled into Torghut.Host (the gateway) and plugins/Alpaca.Simulator, the two servers of
// Alpaca's market-data stream protocol. Plugins may reference only Torghut.Abstractions, so this is not a library.

/// <summary>The channel rules of one kind of Alpaca stream (crypto <c>v1beta3</c> or stock <c>v2</c>).</summary>
internal sealed partial class StreamChannels
{
    private readonly string[] _subscribable;

    private StreamChannels(bool crypto, string[] echoKeys, string[] subscribable)
    {
        IsCrypto = crypto;
        EchoKeys = echoKeys;
        _subscribable = subscribable;
    }

    public static readonly StreamChannels Crypto = new(true,
        ["trades", "quotes", "orderbooks", "bars", "updatedBars", "dailyBars"],
        ["trades", "quotes", "orderbooks", "bars", "updatedBars", "dailyBars"]);

    public static readonly StreamChannels Equity = new(false,
        [
            "trades", "quotes", "bars", "updatedBars", "dailyBars", "statuses", "lulds", "corrections", "cancelErrors",
            "imbalances",
        ],
        ["trades", "quotes", "bars", "updatedBars", "dailyBars", "statuses", "lulds", "imbalances"]);

    public bool IsCrypto { get; }

    /// <summary>Channel keys echoed in every subscription message, in Alpaca's order.</summary>
    public IReadOnlyList<string> EchoKeys { get; }

    /// <summary>
    /// Keys a client may name in subscribe/unsubscribe. Stock corrections/cancelErrors follow trades implicitly.
    /// </summary>
    public bool CanSubscribe(string key) => _subscribable.Contains(key);

    /// <summary>Whether a channel key is implicit: echoed with the trades set, never subscribed directly.</summary>
    public bool IsImplicit(string key) => !IsCrypto && key is "corrections" or "cancelErrors";

    public bool IsValidSymbol(string symbol) =>
        symbol == "*" || (IsCrypto ? CryptoSymbol().IsMatch(symbol) : StockSymbol().IsMatch(symbol));

    /// <summary>The regex Alpaca's data API applies to crypto symbols.</summary>
    [GeneratedRegex("^[A-Z]+/[A-Z]+$")]
    public static partial Regex CryptoSymbol();

    /// <summary>Upper-case tickers, optionally with a class suffix (BRK.B).</summary>
    [GeneratedRegex("^[A-Z][A-Z0-9]{0,9}([.][A-Z0-9]{1,4})?$")]
    public static partial Regex StockSymbol();

    /// <summary>
    /// The data channel a message type letter (<c>T</c>) belongs to; None for control and unknown types.
    /// </summary>
    public static ChannelMask MaskOfType(char type) => type switch
    {
        't' => ChannelMask.Trades,
        'q' => ChannelMask.Quotes,
        'b' => ChannelMask.Bars,
        'u' => ChannelMask.UpdatedBars,
        'd' => ChannelMask.DailyBars,
        's' => ChannelMask.Statuses,
        'l' => ChannelMask.Lulds,
        'i' => ChannelMask.Imbalances,
        'o' => ChannelMask.Orderbooks,
        // Corrections and cancel/errors reach whoever has the symbol's trades (Alpaca's implicit subscription).
        'c' or 'x' => ChannelMask.Trades,
        _ => ChannelMask.None,
    };

    public static ChannelMask MaskOf(string channel) => channel switch
    {
        "trades" => ChannelMask.Trades,
        "quotes" => ChannelMask.Quotes,
        "bars" => ChannelMask.Bars,
        "updatedBars" => ChannelMask.UpdatedBars,
        "dailyBars" => ChannelMask.DailyBars,
        "statuses" => ChannelMask.Statuses,
        "lulds" => ChannelMask.Lulds,
        "imbalances" => ChannelMask.Imbalances,
        "orderbooks" => ChannelMask.Orderbooks,
        _ => ChannelMask.None,
    };
}

/// <summary>Bit per data channel; used to filter messages cheaply per subscription.</summary>
[Flags]
internal enum ChannelMask
{
    None = 0,
    Trades = 1,
    Quotes = 2,
    Bars = 4,
    UpdatedBars = 8,
    DailyBars = 16,
    Statuses = 32,
    Lulds = 64,
    Imbalances = 128,
    Orderbooks = 256,
}
