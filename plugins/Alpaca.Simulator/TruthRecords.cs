using Torghut.Abstractions;

namespace Alpaca.Simulator;

/// <summary>
/// A trade the venue published (ground truth for loss/duplicate checks). <see cref="Id"/> is unique per symbol —
/// (Symbol, Id) identifies a trade — and is the <c>i</c> the stream and REST carry.
/// </summary>
/// <param name="Time">The trade's own <c>t</c>.</param>
/// <param name="Published">When the venue sent it; later than <paramref name="Time"/> for a late trade.</param>
/// <param name="Exchange">Stock exchange code <c>x</c>; null for crypto (v1beta3 crypto trades carry none).</param>
/// <param name="TakerSide">Crypto <c>tks</c> (B/S); null for stocks.</param>
public sealed record TruthTrade(
    string Symbol, long Id, NanoTimestamp Time, decimal Price, decimal Size, string? Exchange, string? TakerSide, NanoTimestamp Published);

/// <summary>A quote the venue published. Exchanges are null for crypto.</summary>
public sealed record TruthQuote(
    string Symbol, NanoTimestamp Time, decimal BidPrice, decimal BidSize, decimal AskPrice, decimal AskSize, string? BidExchange, string? AskExchange);

/// <summary>
/// An order-book message the venue sent on one connection (<c>T:"o"</c>): a snapshot (<paramref name="Reset"/>) or
/// a delta whose levels of size 0 remove the level. A connection's messages replayed in order give the client's book.
/// </summary>
/// <param name="Connection">Which websocket connection it went to (1, 2, … in accept order).</param>
public sealed record TruthOrderBook(
    long Connection, string Symbol, NanoTimestamp Time, IReadOnlyList<PriceLevel> Bids, IReadOnlyList<PriceLevel> Asks,
    bool Reset);

/// <summary>A cancel/error the venue published for one of its stock trades (action <c>C</c>).</summary>
/// <param name="TradeId">The cancelled trade's <c>i</c> (with <paramref name="Exchange"/> and the day: its
/// identity).</param>
/// <param name="TradeTime">The cancelled trade's own <c>t</c>.</param>
/// <param name="Issued">The cancel's <c>t</c> (when it was issued and sent).</param>
public sealed record TruthCancel(
    string Symbol, long TradeId, NanoTimestamp TradeTime, decimal Price, decimal Size, string Exchange,
    NanoTimestamp Issued);
