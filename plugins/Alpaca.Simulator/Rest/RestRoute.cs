using Alpaca.Simulator.Market;

namespace Alpaca.Simulator.Rest;

/// <summary>What a historical data request reads.</summary>
internal enum RestDataset
{
    Bars,
    Trades,
    Quotes,
}

/// <summary>
/// A historical data path: <c>/v1beta3/crypto/{us,us-1,eu-1,us-2,bs-1}/{bars,trades,quotes}</c>,
/// <c>/v2/stocks/{bars,trades,quotes}</c> and single-symbol <c>/v2/stocks/{symbol}/{bars,trades,quotes}</c>.
/// </summary>
internal sealed record RestRoute(AssetClass Class, RestDataset Dataset, string? Single)
{
    public static RestRoute? Parse(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments switch
        {
            ["v1beta3", "crypto", "us" or "us-1" or "eu-1" or "us-2" or "bs-1", var d] when DatasetOf(d) is { } ds => new RestRoute(AssetClass.Crypto, ds, null),
            ["v2", "stocks", var d] when DatasetOf(d) is { } ds => new RestRoute(AssetClass.Equity, ds, null),
            ["v2", "stocks", var sym, var d] when DatasetOf(d) is { } ds => new RestRoute(AssetClass.Equity, ds, Uri.UnescapeDataString(sym)),
            _ => null,
        };
    }

    /// <summary>The response's key: <c>bars</c>, <c>trades</c> or <c>quotes</c>.</summary>
    public string Key => Dataset switch
    {
        RestDataset.Bars => "bars",
        RestDataset.Trades => "trades",
        _ => "quotes",
    };

    private static RestDataset? DatasetOf(string segment) => segment switch
    {
        "bars" => RestDataset.Bars,
        "trades" => RestDataset.Trades,
        "quotes" => RestDataset.Quotes,
        _ => null,
    };
}
