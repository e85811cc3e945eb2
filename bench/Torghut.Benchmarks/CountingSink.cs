using Torghut.Abstractions;

namespace Torghut.Benchmarks;

/// <summary>
/// A sink that only counts: decoding into it measures the plugin's decoder alone, so the report can show how the
/// decode → envelope time splits between the decoder and envelope building.
/// </summary>
public sealed class CountingSink : IFeedSink
{
    public int Messages;
    public int Errors;

    public void OnTrade(in Trade trade) => Messages++;
    public void OnQuote(in Quote quote) => Messages++;
    public void OnBar(in Bar bar) => Messages++;
    public void OnStatus(in TradingStatus status) => Messages++;
    public void OnOrderBook(in OrderBookUpdate update) => Messages++;
    public void OnControl(ControlMessage control) { }
    public void OnDecodeError(in DecodeError error) => Errors++;
}
