using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// One kind of item a historical REST page lists (bars, trades or quotes): its page key, its name in errors, and how a
/// read element is checked and turned into its record. The checks and builders are the stream decoder's own
/// (<see cref="ElementValidation"/>), so a trade means the same thing whichever way it arrived.
/// </summary>
/// <param name="Key">The page key holding the items (<c>bars</c>, <c>trades</c>, <c>quotes</c>).</param>
/// <param name="Item">The singular, for errors.</param>
/// <param name="Error">Null when the element is a complete item, else why not.</param>
/// <param name="Build">The record, for a symbol.</param>
/// <param name="WithSymbol">The record with the page's symbol (single-symbol pages name it after the items).</param>
internal sealed record RestItemKind<T>(
    string Key,
    string Item,
    Func<ElementFields, string?> Error,
    Func<ElementFields, string, T> Build,
    Func<T, string, T> WithSymbol);

/// <summary>The item kinds of Alpaca's historical pages.</summary>
internal static class RestItemKinds
{
    public static readonly RestItemKind<Bar> Bars = new("bars", "bar", ElementValidation.BarError,
        (f, symbol) => ElementValidation.ToBar(f, symbol, BarKind.Historical), (b, symbol) => b with { Symbol = symbol });

    // Historical stock trades may carry "u" (canceled, corrected, incorrect): it becomes Trade.Update (contract 1.3).
    public static readonly RestItemKind<Trade> Trades = new("trades", "trade", ElementValidation.TradeError,
        ElementValidation.ToTrade, (t, symbol) => t with { Symbol = symbol });

    public static readonly RestItemKind<Quote> Quotes = new("quotes", "quote", ElementValidation.QuoteError,
        ElementValidation.ToQuote, (q, symbol) => q with { Symbol = symbol });
}
