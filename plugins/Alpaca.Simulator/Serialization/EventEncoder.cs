using System.Buffers;
using System.Text.Json;
using Alpaca.Simulator.Market;
using Torghut.Abstractions;
using Torghut.AlpacaStream;

namespace Alpaca.Simulator.Serialization;

/// <summary>Encodes market events in Alpaca's JSON and MessagePack shapes (<c>T</c> first, single-letter keys).</summary>
internal static class EventEncoder
{
    private static readonly JsonWriterOptions Options = new() { SkipValidation = true };

    public static byte[] ToJson(SimEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var w = new Utf8JsonWriter(buffer, Options)) WriteJson(w, e, corruptTypes: false, extraField: false);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>JSON of the event with a fault applied: wrong value types, or an extra unknown field.</summary>
    public static byte[] ToCorruptJson(SimEvent e, bool corruptTypes, bool extraField)
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        using (var w = new Utf8JsonWriter(buffer, Options)) WriteJson(w, e, corruptTypes, extraField);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteJson(Utf8JsonWriter w, SimEvent e, bool corruptTypes, bool extraField)
    {
        w.WriteStartObject();
        w.WriteString("T", EventKinds.Letter(e.Kind));
        if (corruptTypes) w.WriteNumber("S", 12345); else w.WriteString("S", e.Symbol);
        switch (e.Kind)
        {
            case EventKind.Trade:
                if (e.Class == AssetClass.Equity)
                {
                    w.WriteNumber("i", e.TradeId);
                    w.WriteString("x", Char(e.Exchange));
                }
                if (corruptTypes) w.WriteString("p", "NaN?"); else w.WriteNumber("p", e.Price);
                if (corruptTypes) w.WriteBoolean("s", true); else w.WriteNumber("s", e.Size);
                if (e.Class == AssetClass.Equity)
                {
                    w.WriteStartArray("c"); w.WriteStringValue("@"); w.WriteEndArray();
                    w.WriteString("z", Char(e.Tape));
                }
                WriteTime(w, e.TimeNanos, corruptTypes);
                if (e.Class == AssetClass.Crypto)
                {
                    w.WriteNumber("i", e.TradeId);
                    w.WriteString("tks", Char(e.Side));
                }
                break;
            case EventKind.Cancel:
                // Alpaca's cancel/error: {"T":"x","S","i","x","p","s","a","c","z","t"}
                w.WriteNumber("i", e.TradeId);
                w.WriteString("x", Char(e.Exchange));
                if (corruptTypes) w.WriteString("p", "NaN?"); else w.WriteNumber("p", e.Price);
                w.WriteNumber("s", e.Size);
                w.WriteString("a", "C");
                w.WriteString("z", Char(e.Tape));
                WriteTime(w, e.TimeNanos, corruptTypes);
                break;
            case EventKind.Quote:
                if (e.Class == AssetClass.Equity) w.WriteString("bx", Char(e.BidExchange));
                if (corruptTypes) w.WriteString("bp", "oops"); else w.WriteNumber("bp", e.BidPrice);
                w.WriteNumber("bs", e.BidSize);
                if (e.Class == AssetClass.Equity) w.WriteString("ax", Char(e.AskExchange));
                w.WriteNumber("ap", e.AskPrice);
                w.WriteNumber("as", e.AskSize);
                if (e.Class == AssetClass.Equity)
                {
                    w.WriteStartArray("c"); w.WriteStringValue("R"); w.WriteEndArray();
                    w.WriteString("z", Char(e.Tape));
                }
                WriteTime(w, e.TimeNanos, corruptTypes);
                break;
            default:
                var b = e.Bar!;
                if (corruptTypes) w.WriteString("o", "open"); else w.WriteNumber("o", b.Open);
                w.WriteNumber("h", b.High);
                w.WriteNumber("l", b.Low);
                w.WriteNumber("c", b.Close);
                w.WriteNumber("v", b.Volume);
                WriteTime(w, e.TimeNanos, corruptTypes);
                w.WriteNumber("n", b.TradeCount);
                w.WriteNumber("vw", b.Vwap);
                break;
        }
        if (extraField) w.WriteString("zz_unknown", "field added by the simulator's fault injection");
        w.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter w, long nanos, bool corrupt)
    {
        if (corrupt) { w.WriteNumber("t", nanos); return; }
        Span<char> buf = stackalloc char[40];
        new NanoTimestamp(nanos).TryFormat(buf, out var n);
        w.WriteString("t", buf[..n]);
    }

    private static string Char(char c) => c == '\0' ? "" : c.ToString();

    public static byte[] ToMsgPack(SimEvent e)
    {
        var w = new MsgPackWriter(160);
        var equity = e.Class == AssetClass.Equity;
        switch (e.Kind)
        {
            case EventKind.Trade:
                w.WriteMapHeader(equity ? 9 : 7);
                w.WriteString("T"); w.WriteString("t");
                w.WriteString("S"); w.WriteString(e.Symbol);
                w.WriteString("i"); w.WriteInt(e.TradeId);
                if (equity) { w.WriteString("x"); w.WriteString(Char(e.Exchange)); }
                w.WriteString("p"); w.WriteDouble((double)e.Price);
                w.WriteString("s");
                if (equity) w.WriteInt((long)e.Size); else w.WriteDouble((double)e.Size);
                if (equity)
                {
                    w.WriteString("c"); w.WriteArrayHeader(1); w.WriteString("@");
                    w.WriteString("z"); w.WriteString(Char(e.Tape));
                }
                w.WriteString("t"); w.WriteTimestamp(e.TimeNanos);
                if (!equity) { w.WriteString("tks"); w.WriteString(Char(e.Side)); }
                break;
            case EventKind.Cancel:
                w.WriteMapHeader(9);
                w.WriteString("T"); w.WriteString("x");
                w.WriteString("S"); w.WriteString(e.Symbol);
                w.WriteString("i"); w.WriteInt(e.TradeId);
                w.WriteString("x"); w.WriteString(Char(e.Exchange));
                w.WriteString("p"); w.WriteDouble((double)e.Price);
                w.WriteString("s"); w.WriteInt((long)e.Size);
                w.WriteString("a"); w.WriteString("C");
                w.WriteString("z"); w.WriteString(Char(e.Tape));
                w.WriteString("t"); w.WriteTimestamp(e.TimeNanos);
                break;
            case EventKind.Quote:
                w.WriteMapHeader(equity ? 11 : 7);
                w.WriteString("T"); w.WriteString("q");
                w.WriteString("S"); w.WriteString(e.Symbol);
                if (equity) { w.WriteString("bx"); w.WriteString(Char(e.BidExchange)); }
                w.WriteString("bp"); w.WriteDouble((double)e.BidPrice);
                w.WriteString("bs"); if (equity) w.WriteInt((long)e.BidSize); else w.WriteDouble((double)e.BidSize);
                if (equity) { w.WriteString("ax"); w.WriteString(Char(e.AskExchange)); }
                w.WriteString("ap"); w.WriteDouble((double)e.AskPrice);
                w.WriteString("as"); if (equity) w.WriteInt((long)e.AskSize); else w.WriteDouble((double)e.AskSize);
                if (equity)
                {
                    w.WriteString("c"); w.WriteArrayHeader(1); w.WriteString("R");
                    w.WriteString("z"); w.WriteString(Char(e.Tape));
                }
                w.WriteString("t"); w.WriteTimestamp(e.TimeNanos);
                break;
            default:
                var b = e.Bar!;
                w.WriteMapHeader(10);
                w.WriteString("T"); w.WriteString(EventKinds.Letter(e.Kind));
                w.WriteString("S"); w.WriteString(e.Symbol);
                w.WriteString("o"); w.WriteDouble((double)b.Open);
                w.WriteString("h"); w.WriteDouble((double)b.High);
                w.WriteString("l"); w.WriteDouble((double)b.Low);
                w.WriteString("c"); w.WriteDouble((double)b.Close);
                w.WriteString("v"); if (equity) w.WriteInt((long)b.Volume); else w.WriteDouble((double)b.Volume);
                w.WriteString("t"); w.WriteTimestamp(e.TimeNanos);
                w.WriteString("n"); w.WriteInt(b.TradeCount);
                w.WriteString("vw"); w.WriteDouble((double)b.Vwap);
                break;
        }
        return w.ToArray();
    }

    /// <summary>A REST bar object: <c>{"t","o","h","l","c","v","n","vw"}</c>.</summary>
    public static void WriteRestBar(Utf8JsonWriter w, SimBar b)
    {
        w.WriteStartObject();
        WriteTime(w, b.Time.UnixNanoseconds, corrupt: false);
        w.WriteNumber("o", b.Open);
        w.WriteNumber("h", b.High);
        w.WriteNumber("l", b.Low);
        w.WriteNumber("c", b.Close);
        w.WriteNumber("v", b.Volume);
        w.WriteNumber("n", b.TradeCount);
        w.WriteNumber("vw", b.Vwap);
        w.WriteEndObject();
    }

    /// <summary>
    /// A REST history trade, the stream's values without <c>T</c>/<c>S</c> (the symbol is the page's key):
    /// crypto <c>{"t","p","s","tks","i"}</c>, stock <c>{"t","x","p","s","c","i","z"}</c>, plus <c>"u":"canceled"</c>
    /// for a stock trade whose cancel was issued by then.
    /// </summary>
    public static void WriteRestTrade(Utf8JsonWriter w, SimEvent e, bool canceled = false)
    {
        w.WriteStartObject();
        WriteTime(w, e.TimeNanos, corrupt: false);
        if (e.Class == AssetClass.Equity) w.WriteString("x", Char(e.Exchange));
        w.WriteNumber("p", e.Price);
        w.WriteNumber("s", e.Size);
        if (e.Class == AssetClass.Crypto)
        {
            w.WriteString("tks", Char(e.Side));
            w.WriteNumber("i", e.TradeId);
        }
        else
        {
            w.WriteStartArray("c"); w.WriteStringValue("@"); w.WriteEndArray();
            w.WriteNumber("i", e.TradeId);
            w.WriteString("z", Char(e.Tape));
            if (canceled) w.WriteString("u", "canceled");
        }
        w.WriteEndObject();
    }

    /// <summary>A REST history quote: crypto <c>{"t","bp","bs","ap","as"}</c>, stock <c>{"t","ax","ap","as","bx","bp","bs","c","z"}</c>.</summary>
    public static void WriteRestQuote(Utf8JsonWriter w, SimEvent e)
    {
        w.WriteStartObject();
        WriteTime(w, e.TimeNanos, corrupt: false);
        if (e.Class == AssetClass.Crypto)
        {
            w.WriteNumber("bp", e.BidPrice);
            w.WriteNumber("bs", e.BidSize);
            w.WriteNumber("ap", e.AskPrice);
            w.WriteNumber("as", e.AskSize);
        }
        else
        {
            w.WriteString("ax", Char(e.AskExchange));
            w.WriteNumber("ap", e.AskPrice);
            w.WriteNumber("as", e.AskSize);
            w.WriteString("bx", Char(e.BidExchange));
            w.WriteNumber("bp", e.BidPrice);
            w.WriteNumber("bs", e.BidSize);
            w.WriteStartArray("c"); w.WriteStringValue("R"); w.WriteEndArray();
            w.WriteString("z", Char(e.Tape));
        }
        w.WriteEndObject();
    }
}
