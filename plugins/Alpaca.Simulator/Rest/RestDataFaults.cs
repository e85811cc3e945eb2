using Alpaca.Simulator.Market;

namespace Alpaca.Simulator.Rest;

/// <summary>
/// Faults that leave a page well-formed but wrong, as a broken server or proxy would (alpaca-protocol.md §5.5: a page
/// with a symbol or timestamp the request did not ask for must not be published as the requested data).
/// </summary>
internal static class RestDataFaults
{
    private const int InjectedItems = 3;

    /// <summary>A symbol of the same asset class that the request did not name (one from the universe when possible).</summary>
    public static string ForeignSymbol(MarketModel market, RestQuery q) =>
        market.Universe(q.Route.Class).FirstOrDefault(s => !q.Symbols.Contains(s))
        ?? (q.Route.Class == AssetClass.Crypto ? "ZZZ/USD" : "ZZZZ");

    /// <summary>
    /// Adds a few items of <paramref name="foreign"/> (its real data, or copies of the page's own items when it has
    /// none in the window); the single-symbol shape answers for the foreign symbol instead.
    /// </summary>
    public static void AddForeignSymbol<T>(RestPage<T> page, RestQuery q, string foreign, IEnumerable<T> foreignItems)
    {
        var items = foreignItems.Take(InjectedItems).ToList();
        if (items.Count == 0 && page.Entries.Count > 0) items = page.Entries[0].Items.Take(InjectedItems).ToList();
        if (items.Count == 0) return;
        if (q.Route.Single is not null) page.Entries.Clear();
        page.Entries.Add((foreign, items));
    }

    /// <summary>Puts a copy of the page's first item, moved before the requested start, at the head of its symbol.</summary>
    public static void AddOutOfRange<T>(RestPage<T> page, Func<T, T> beforeStart)
    {
        if (page.Entries.Count == 0) return;
        var items = page.Entries[0].Items;
        items.Insert(0, beforeStart(items[0]));
    }
}
