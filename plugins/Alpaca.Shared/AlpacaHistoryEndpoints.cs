namespace Alpaca.Shared;

/// <summary>
/// Where a lane's historical trades and quotes are (crypto <c>/v1beta3/crypto/{loc}/trades|quotes</c>, stocks
/// <c>/v2/stocks/trades|quotes</c>) and the lane-fixed parameters they take. Separate from the bars parameters because
/// the endpoints differ: stock trades and quotes take <c>feed</c> but no <c>adjustment</c>.
/// </summary>
/// <param name="Trades">The trades endpoint, without a query.</param>
/// <param name="Quotes">The quotes endpoint, without a query.</param>
/// <param name="ExtraQuery">Appended to every history request (equity: feed).</param>
public sealed record AlpacaHistoryEndpoints(Uri Trades, Uri Quotes, IReadOnlyList<KeyValuePair<string, string>>? ExtraQuery = null)
{
    /// <summary>The trades and quotes endpoints beside <paramref name="marketBase"/> (e.g. <c>…/v2/stocks</c>).</summary>
    public static AlpacaHistoryEndpoints Beside(Uri marketBase, IReadOnlyList<KeyValuePair<string, string>>? extraQuery = null) =>
        new(AlpacaSettings.Append(marketBase, "trades"), AlpacaSettings.Append(marketBase, "quotes"), extraQuery);
}
