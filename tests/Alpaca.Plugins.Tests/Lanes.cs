using Alpaca.Crypto;
using Alpaca.Equity;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

/// <summary>Builds plugin lanes from a handful of settings, the way the host would.</summary>
internal static class Lanes
{
    public static VenueContext Context(params (string Key, string? Value)[] settings) =>
        VenueContext.From(settings.ToDictionary(s => s.Key, s => s.Value));

    public static IFeedEndpoint CryptoFeed(params (string, string?)[] settings) =>
        new AlpacaCryptoPlugin().CreateFeed(Context(settings));

    public static IFeedEndpoint EquityFeed(params (string, string?)[] settings) =>
        new AlpacaEquityPlugin().CreateFeed(Context(settings));

    public static IBackfillSource CryptoBackfill(params (string, string?)[] settings) =>
        new AlpacaCryptoPlugin().CreateBackfill(Context(settings));

    public static IBackfillSource EquityBackfill(params (string, string?)[] settings) =>
        new AlpacaEquityPlugin().CreateBackfill(Context(settings));

    /// <summary>The trades-and-quotes capability, found the way the host finds it: on the backfill source.</summary>
    public static IMarketHistorySource CryptoHistory(params (string, string?)[] settings) =>
        CryptoBackfill(settings).ShouldBeAssignableTo<IMarketHistorySource>()!;

    public static IMarketHistorySource EquityHistory(params (string, string?)[] settings) =>
        EquityBackfill(settings).ShouldBeAssignableTo<IMarketHistorySource>()!;

    public static NanoTimestamp Ts(string text) => NanoTimestamp.Parse(text);
}
