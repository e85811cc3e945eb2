using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;

namespace Torghut.Host.OrderBooks;

/// <summary>
/// Every lane's order books, kept for the process's life (a restarted lane gets its books back empty, awaiting a
/// snapshot, and its counts continue): the HTTP API and the metrics read them here.
/// </summary>
public sealed class OrderBookBoard(IConfiguration configuration) : Composition.IHostComponent
{
    public const string StaleAfterKey = "ORDERBOOK_STALE_MS";
    public const int DefaultStaleMs = 30_000;
    private readonly ConcurrentDictionary<string, OrderBookSet> _lanes = new(StringComparer.Ordinal);

    public TimeSpan StaleAfter { get; } = TimeSpan.FromMilliseconds(
        int.TryParse(configuration[StaleAfterKey], out var ms) && ms > 0 ? ms : DefaultStaleMs);

    public OrderBookSet For(string lane) => _lanes.GetOrAdd(lane, name => new OrderBookSet(name, StaleAfter));

    public IReadOnlyDictionary<string, OrderBookSet> Lanes => _lanes;

    /// <summary>The symbol's book in whichever lane has one (a symbol streams in one lane).</summary>
    public BookView? Find(string symbol, int depth) =>
        _lanes.Values.Select(set => set.View(symbol, depth)).FirstOrDefault(v => v is not null);
}
