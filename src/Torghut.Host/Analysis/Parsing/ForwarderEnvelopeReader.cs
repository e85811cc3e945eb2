using System.Buffers;
using System.Buffers.Text;
using Torghut.Abstractions;
using Torghut.Text;

namespace Torghut.Host.Analysis.Parsing;

/// <summary>
/// The fast path of <see cref="TaEnvelopeParser"/>: reads trade, quote and bar envelopes laid out byte for byte the way
/// the forwarder's EnvelopeWriter writes them (keys in the documented order, no whitespace, no escapes, payload keys in
/// the writer's order with its optional keys) without a general tokenizer. It either produces exactly the event the
/// general parser would, or declines (returns false, <c>ev</c> untouched) and the general parser runs: any deviation —
/// other key order, whitespace, an escape or non-ASCII byte in a string, an unknown key, a string where a number was
/// expected, a number that is not finite, a bad timestamp, trailing bytes — declines. It never fails an envelope
/// itself, so every failure (and its reason) still comes from the general parser. Numbers are parsed by the same
/// <see cref="Utf8Parser"/> call <c>Utf8JsonReader.TryGetDouble</c>/<c>TryGetInt64</c> make, after checking the JSON
/// number grammar, so values are bit-identical.
/// </summary>
internal sealed class ForwarderEnvelopeReader
{
    // Bytes that end a plain string: the closing quote, or anything the fast path leaves to the general parser
    // (escapes, control characters JSON forbids, and non-ASCII, whose UTF-8 validity the tokenizer checks).

    private const int MaxTimestampLength = 64; // the general parser rejects longer "t" values
    private const int MaxSymbolLength = 256;   // SymbolTable.Intern's limit

    private readonly TimestampCache _times = new();

    public bool TryRead(ReadOnlySpan<byte> s, SymbolTable symbols, ref TaEvent ev)
    {
        int p = 0;
        if (!Literal(s, ref p, "{\"ingestTs\":"u8) || !JsonTokens.PlainString(s, ref p, out _)) return false;
        if (!Literal(s, ref p, ",\"eventTs\":"u8) || !JsonTokens.PlainString(s, ref p, out _)) return false;
        if (!Literal(s, ref p, ",\"feed\":"u8) || !JsonTokens.PlainString(s, ref p, out _)) return false;
        if (!Literal(s, ref p, ",\"channel\":"u8)) return false;
        TaEventKind kind;
        var channel = BarChannel.Bars;
        if (Literal(s, ref p, "\"trades\""u8)) kind = TaEventKind.Trade;
        else if (Literal(s, ref p, "\"quotes\""u8)) kind = TaEventKind.Quote;
        else if (Literal(s, ref p, "\"bars\""u8)) kind = TaEventKind.Bar1m;
        else if (Literal(s, ref p, "\"updatedBars\""u8)) { kind = TaEventKind.Bar1m; channel = BarChannel.UpdatedBars; }
        else return false; // other channels are rare: the general parser says "ignored"
        if (!Literal(s, ref p, ",\"symbol\":"u8) || !JsonTokens.PlainString(s, ref p, out var symbolBytes)) return false;
        if (symbolBytes.IsEmpty || symbolBytes.Length > MaxSymbolLength) return false;
        if (!Literal(s, ref p, ",\"seq\":"u8) || !JsonTokens.Number(s, ref p, out _)) return false;
        if (!Literal(s, ref p, ",\"payload\":{"u8)) return false;

        var v = default(Values);
        var payloadOk = kind switch
        {
            TaEventKind.Trade => TradePayload(s, ref p, ref v),
            TaEventKind.Quote => QuotePayload(s, ref p, ref v),
            _ => BarPayload(s, ref p, ref v),
        };
        if (!payloadOk) return false;

        bool isFinal;
        if (Literal(s, ref p, "},\"isFinal\":true,\"source\":"u8)) isFinal = true;
        else if (Literal(s, ref p, "},\"isFinal\":false,\"source\":"u8)) isFinal = false;
        else return false;
        string source;
        if (Literal(s, ref p, "\"ws\""u8)) source = "ws";
        else if (Literal(s, ref p, "\"rest\""u8)) source = "rest";
        else return false;
        if (!Literal(s, ref p, ",\"window\":null,\"version\":1}"u8) || p != s.Length) return false;

        var symbol = symbols.Intern(symbolBytes);
        if (symbol is null) return false;

        // The same fields the general parser writes for each kind, nothing more.
        ev.Symbol = symbol;
        ev.Time = v.T;
        ev.Source = source;
        ev.IsFinal = isFinal;
        ev.Kind = kind;
        switch (kind)
        {
            case TaEventKind.Trade:
                ev.Price = v.A; ev.Size = v.B;
                ev.HasTradeId = v.HasId; ev.TradeId = v.Id; ev.Exchange = v.Exchange; ev.Withdrawn = false;
                break;
            case TaEventKind.Quote:
                ev.BidPx = v.A; ev.BidSz = v.B; ev.AskPx = v.C; ev.AskSz = v.D;
                break;
            default:
                ev.Channel = channel;
                ev.Open = v.A; ev.High = v.B; ev.Low = v.C; ev.Close = v.D; ev.Volume = v.E;
                ev.Vwap = v.Vwap; ev.TradeCount = v.N;
                break;
        }
        return true;
    }

    private struct Values
    {
        public double A, B, C, D, E;
        public double? Vwap;
        public long? N;
        public NanoTimestamp T;
        public long Id, Exchange;
        public bool HasId;
    }

    // {"S":…[,"i":n][,"x":"…"],"p":n,"s":n[,"c":[…]],"t":"…"[,"z":"…"]
    private bool TradePayload(ReadOnlySpan<byte> s, ref int p, ref Values v)
    {
        if (!Literal(s, ref p, "\"S\":"u8) || !JsonTokens.PlainString(s, ref p, out _)) return false;
        if (Literal(s, ref p, ",\"i\":"u8))
        {
            // The general parser reads ids with TryGetInt64: other number forms are left to it.
            if (!JsonTokens.Number(s, ref p, out var id) || !Utf8Parser.TryParse(id, out v.Id, out var used)
                || used != id.Length) return false;
            v.HasId = true;
        }
        if (Literal(s, ref p, ",\"x\":"u8))
        {
            if (!JsonTokens.PlainString(s, ref p, out var exchange)) return false;
            v.Exchange = ExchangeCode.Pack(exchange);
        }
        if (!Literal(s, ref p, ",\"p\":"u8) || !FiniteDouble(s, ref p, out v.A)) return false;
        if (!Literal(s, ref p, ",\"s\":"u8) || !FiniteDouble(s, ref p, out v.B)) return false;
        return Tail(s, ref p, ref v);
    }

    // {"S":…[,"bx":"…"],"bp":n,"bs":n[,"ax":"…"],"ap":n,"as":n[,"c":[…]],"t":"…"[,"z":"…"]
    private bool QuotePayload(ReadOnlySpan<byte> s, ref int p, ref Values v)
    {
        if (!Literal(s, ref p, "\"S\":"u8) || !JsonTokens.PlainString(s, ref p, out _)) return false;
        if (Literal(s, ref p, ",\"bx\":"u8) && !JsonTokens.PlainString(s, ref p, out _)) return false;
        if (!Literal(s, ref p, ",\"bp\":"u8) || !FiniteDouble(s, ref p, out v.A)) return false;
        if (!Literal(s, ref p, ",\"bs\":"u8) || !FiniteDouble(s, ref p, out v.B)) return false;
        if (Literal(s, ref p, ",\"ax\":"u8) && !JsonTokens.PlainString(s, ref p, out _)) return false;
        if (!Literal(s, ref p, ",\"ap\":"u8) || !FiniteDouble(s, ref p, out v.C)) return false;
        if (!Literal(s, ref p, ",\"as\":"u8) || !FiniteDouble(s, ref p, out v.D)) return false;
        return Tail(s, ref p, ref v);
    }

    // [,"c":["…",…]],"t":"…"[,"z":"…"] — conditions, time and tape of trades and quotes.
    private bool Tail(ReadOnlySpan<byte> s, ref int p, ref Values v)
    {
        if (Literal(s, ref p, ",\"c\":["u8))
        {
            if (!Literal(s, ref p, "]"u8))
            {
                do
                {
                    if (!JsonTokens.PlainString(s, ref p, out _)) return false;
                } while (Literal(s, ref p, ","u8));
                if (!Literal(s, ref p, "]"u8)) return false;
            }
        }
        if (!Literal(s, ref p, ",\"t\":"u8) || !Timestamp(s, ref p, out v.T)) return false;
        if (Literal(s, ref p, ",\"z\":"u8) && !JsonTokens.PlainString(s, ref p, out _)) return false;
        return true;
    }

    // {["T":"b",]"S":…,"o":n,"h":n,"l":n,"c":n,"v":n[,"vw":n|null][,"n":n|null],"t":"…"
    private bool BarPayload(ReadOnlySpan<byte> s, ref int p, ref Values v)
    {
        if (Literal(s, ref p, "\"T\":"u8) && !(JsonTokens.PlainString(s, ref p, out _) && Literal(s, ref p, ","u8))) return false;
        if (!Literal(s, ref p, "\"S\":"u8) || !JsonTokens.PlainString(s, ref p, out _)) return false;
        if (!Literal(s, ref p, ",\"o\":"u8) || !FiniteDouble(s, ref p, out v.A)) return false;
        if (!Literal(s, ref p, ",\"h\":"u8) || !FiniteDouble(s, ref p, out v.B)) return false;
        if (!Literal(s, ref p, ",\"l\":"u8) || !FiniteDouble(s, ref p, out v.C)) return false;
        if (!Literal(s, ref p, ",\"c\":"u8) || !FiniteDouble(s, ref p, out v.D)) return false;
        if (!Literal(s, ref p, ",\"v\":"u8) || !FiniteDouble(s, ref p, out v.E)) return false;
        if (Literal(s, ref p, ",\"vw\":"u8) && !Literal(s, ref p, "null"u8))
        {
            if (!FiniteDouble(s, ref p, out var vw)) return false;
            v.Vwap = vw;
        }
        if (Literal(s, ref p, ",\"n\":"u8) && !Literal(s, ref p, "null"u8))
        {
            // The general parser takes TryGetInt64 first; other integral forms (1.0, 1e3) are left to it.
            if (!JsonTokens.Number(s, ref p, out var text) || !Utf8Parser.TryParse(text, out long n, out var used) || used != text.Length) return false;
            v.N = n;
        }
        return Literal(s, ref p, ",\"t\":"u8) && Timestamp(s, ref p, out v.T);
    }

    private static bool Literal(ReadOnlySpan<byte> s, ref int p, ReadOnlySpan<byte> literal)
    {
        if (!s[p..].StartsWith(literal)) return false;
        p += literal.Length;
        return true;
    }

    private bool Timestamp(ReadOnlySpan<byte> s, ref int p, out NanoTimestamp value)
    {
        value = default;
        return JsonTokens.PlainString(s, ref p, out var text) && text.Length <= MaxTimestampLength && _times.TryParse(text, out value);
    }

    private static bool FiniteDouble(ReadOnlySpan<byte> s, ref int p, out double value)
    {
        value = 0;
        return JsonTokens.Number(s, ref p, out var text) && JsonDouble.TryParse(text, out value);
    }
}
