using System.Text;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

/// <summary>Records every sink call in order, so tests can assert what a frame produced.</summary>
internal sealed class RecordingSink : IFeedSink
{
    public List<object> Events { get; } = [];
    public List<Trade> Trades { get; } = [];
    public List<Quote> Quotes { get; } = [];
    public List<Bar> Bars { get; } = [];
    public List<TradingStatus> Statuses { get; } = [];
    public List<OrderBookUpdate> Books { get; } = [];
    public List<ControlMessage> Controls { get; } = [];
    public List<DecodeError> Errors { get; } = [];
    public List<string> Unknown { get; } = [];
    public List<TradeCorrection> Corrections { get; } = [];
    public List<TradeCancel> Cancels { get; } = [];
    public List<PriceBand> Bands { get; } = [];
    public List<OrderImbalance> Imbalances { get; } = [];

    public void OnTrade(in Trade trade) { Trades.Add(trade); Events.Add(trade); }
    public void OnQuote(in Quote quote) { Quotes.Add(quote); Events.Add(quote); }
    public void OnBar(in Bar bar) { Bars.Add(bar); Events.Add(bar); }
    public void OnStatus(in TradingStatus status) { Statuses.Add(status); Events.Add(status); }
    public void OnOrderBook(in OrderBookUpdate update) { Books.Add(update); Events.Add(update); }
    public void OnControl(ControlMessage control) { Controls.Add(control); Events.Add(control); }
    public void OnDecodeError(in DecodeError error) { Errors.Add(error); Events.Add(error); }
    public void OnCorrection(in TradeCorrection correction) { Corrections.Add(correction); Events.Add(correction); }
    public void OnCancel(in TradeCancel cancel) { Cancels.Add(cancel); Events.Add(cancel); }
    public void OnPriceBand(in PriceBand band) { Bands.Add(band); Events.Add(band); }
    public void OnImbalance(in OrderImbalance imbalance) { Imbalances.Add(imbalance); Events.Add(imbalance); }
    public void OnUnknown(string messageType) { Unknown.Add(messageType); Events.Add("unknown:" + messageType); }

    /// <summary>Decodes <paramref name="json"/> with <paramref name="feed"/> into a new sink.</summary>
    public static RecordingSink Decode(IFeedEndpoint feed, string json)
    {
        var sink = new RecordingSink();
        feed.Decode(Encoding.UTF8.GetBytes(json), sink);
        return sink;
    }
}
