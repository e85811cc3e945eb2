using System.Globalization;
using Alpaca.Simulator.Faults;
using Alpaca.Simulator.Market;
using Alpaca.Simulator.Serialization;
using Microsoft.AspNetCore.Http;

namespace Alpaca.Simulator.Rest;

/// <summary>
/// Historical trades and quotes at Alpaca's paths (alpaca-protocol.md §5.5): what the venue has published by the
/// simulator's now with <c>t</c> in [start, end], sorted by symbol, then time (then trade id). Items are the stream's
/// events written by <see cref="EventEncoder"/>, so REST and stream values cannot drift apart.
/// </summary>
internal sealed class RestHistoryEndpoint(SimulatorContext sim)
{
    /// <summary>How far before the requested start the out-of-range fault moves an item.</summary>
    private const long OutOfRangeNanos = 1_000_000_000L;

    public byte[] Build(IQueryCollection query, RestRoute route, RestFault? fault)
    {
        var q = RestQuery.Parse(query, route, sim.Clock.NowNanos);
        var trades = route.Dataset == RestDataset.Trades;
        string? resumeSymbol = null;
        HistoryKey resume = default;
        if (q.PageToken is { } token)
        {
            // symbol|t|index-in-minute of the first item not yet returned: exact even when many items share a time.
            var f = PageToken.Decode(token, 3, q.Symbols);
            if (!long.TryParse(f[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var t)
                || !int.TryParse(f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
                throw new RestBadRequest("invalid page_token");
            (resumeSymbol, resume) = (f[0], new HistoryKey(t, index));
        }

        IEnumerable<(SimEvent Event, HistoryKey Key)> Items(string symbol, bool resumeHere) =>
            MarketHistory.Visible(sim.Market, symbol, trades, q.StartNanos, q.EndNanos, q.NowNanos, q.Desc, resumeHere ? resume : null);
        var page = RestPage<(SimEvent Event, HistoryKey Key)>.Collect(q, resumeSymbol, Items, (symbol, item) => PageToken.Encode(
            symbol, item.Key.TimeNanos.ToString(CultureInfo.InvariantCulture), item.Key.Index.ToString(CultureInfo.InvariantCulture)));

        if (fault is { Kind: FaultKind.RestForeignSymbol })
        {
            var foreign = RestDataFaults.ForeignSymbol(sim.Market, q);
            RestDataFaults.AddForeignSymbol(page, q, foreign, Items(foreign, false));
        }
        if (fault is { Kind: FaultKind.RestOutOfRange })
            RestDataFaults.AddOutOfRange(page, item => (item.Event.WithTime(q.StartNanos - OutOfRangeNanos), item.Key));
        return page.ToJson(q, trades
            ? (w, item) => EventEncoder.WriteRestTrade(w, item.Event,
                canceled: sim.Market.CancelledAt(item.Event, q.NowNanos) is not null)
            : (w, item) => EventEncoder.WriteRestQuote(w, item.Event));
    }
}
