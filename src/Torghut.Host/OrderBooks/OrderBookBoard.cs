using System.Collections.Concurrent;

namespace Torghut.Host.OrderBooks;

/// <summary>
/// Every lane's order books, kept for the process's life (a restarted lane gets its books back empty, awaiting a
/// snapshot, and its counts continue): the HTTP API and the metrics read them here.
/// </summary>
public sealed class OrderBookBoard(OrderBookOptions options) : Composition.IHostComponent
{
    private readonly ConcurrentDictionary<string, OrderBookSet> _lanes = new(StringComparer.Ordinal);

    public TimeSpan StaleAfter { get; } = options.StaleAfter;

    public OrderBookSet For(string lane) => _lanes.GetOrAdd(lane, name => new OrderBookSet(name, StaleAfter));

    public IReadOnlyDictionary<string, OrderBookSet> Lanes => _lanes;

    /// <summary>The symbol's book in whichever lane has one (a symbol streams in one lane).</summary>
    public BookView? Find(string symbol, int depth) =>
        _lanes.Values.Select(set => set.View(symbol, depth)).FirstOrDefault(v => v is not null);
}
