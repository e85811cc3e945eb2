using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

/// <summary>The decoder is the hot path: a repeated symbol must not cost an allocation per message.</summary>
public class DecodeAllocationTests
{
    private sealed class CountingSink : IFeedSink
    {
        public int Count;
        public void OnTrade(in Trade trade) => Count++;
        public void OnQuote(in Quote quote) => Count++;
        public void OnBar(in Bar bar) => Count++;
        public void OnStatus(in TradingStatus status) => Count++;
        public void OnOrderBook(in OrderBookUpdate update) => Count++;
        public void OnControl(ControlMessage control) => Count++;
        public void OnDecodeError(in DecodeError error) => Count++;
    }

    [Fact]
    public void Crypto_trades_quotes_and_bars_decode_without_per_message_allocations()
    {
        var feed = CryptoFeed();
        var frame = """[{"T":"t","S":"AVAX/USD","p":47.299,"s":29.205707815,"t":"2024-03-12T10:27:48.858228144Z","i":3447222699101865076,"tks":"S"},{"T":"q","S":"BAT/USD","bp":0.35718,"bs":13445.46,"ap":0.3581,"as":13561.902,"t":"2024-03-12T10:29:43.111588173Z"},{"T":"b","S":"BTC/USD","o":71856.1435,"h":71856.1435,"l":71856.1435,"c":71856.1435,"v":0,"t":"2024-03-12T10:37:00Z","n":0,"vw":0}]"""u8.ToArray();
        var sink = new CountingSink();
        for (int i = 0; i < 100; i++) feed.Decode(frame, sink); // warm up caches and the JIT

        const int frames = 10_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < frames; i++) feed.Decode(frame, sink);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)frames;

        sink.Count.ShouldBe(3 * (frames + 100));
        perFrame.ShouldBeLessThan(8);
    }
}
