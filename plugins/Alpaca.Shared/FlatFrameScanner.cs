using System.Buffers;
using System.Buffers.Text;
using Torghut.Text;

namespace Alpaca.Shared;

/// <summary>
/// The fast path of <see cref="AlpacaFrameDecoder"/>: reads a frame of flat elements — the stream's trades, quotes and
/// bars as Alpaca sends them — into <see cref="ElementFields"/> without a general tokenizer. It takes only the simple
/// shapes: no whitespace, strings of printable ASCII without escapes, keys the decoder knows with the JSON type it
/// expects (T, S, x, z, tks, bx, ax, t strings; prices, sizes, i, n numbers; c a number, a string or an array of
/// strings), keys in any order. Anything else anywhere in the frame (an unknown key, null, whitespace, an escape, a
/// control message, malformed JSON) declines the whole frame before any element is delivered, and the tokenizer-based
/// path decodes it. Each value is recorded exactly as <see cref="ElementReader"/> records it (same string tables, the
/// same number and timestamp rules), so the decoder's validation and delivery cannot tell which path read an element.
/// </summary>
internal sealed class FlatFrameScanner
{
    // Bytes that end a plain string: its closing quote, or what the tokenizer must judge (escapes, control characters,
    // non-ASCII whose UTF-8 it validates).

    private readonly ElementReader _reader;
    private readonly TimestampCache _times = new();
    private readonly List<ElementFields> _elements = [];

    public FlatFrameScanner(ElementReader reader) => _reader = reader;

    /// <summary>Elements read by the last successful <see cref="TryScan"/>.</summary>
    public int Count { get; private set; }

    public ElementFields this[int index] => _elements[index];

    public bool TryScan(ReadOnlySpan<byte> frame)
    {
        Count = 0;
        var p = 0;
        if (frame.IsEmpty) return false;
        if (frame[0] == (byte)'{') return Element(frame, ref p) && p == frame.Length;
        if (frame[0] != (byte)'[') return false;
        p = 1;
        while (true)
        {
            if (!Element(frame, ref p) || p >= frame.Length) return false;
            var b = frame[p++];
            if (b == (byte)']') return p == frame.Length;
            if (b != (byte)',') return false;
        }
    }

    private bool Element(ReadOnlySpan<byte> s, ref int p)
    {
        if (p >= s.Length || s[p] != (byte)'{') return false;
        p++;
        if (Count == _elements.Count) _elements.Add(new ElementFields());
        var f = _elements[Count++];
        f.Clear();
        if (p < s.Length && s[p] == (byte)'}') { p++; return true; }
        while (true)
        {
            if (!JsonTokens.PlainString(s, ref p, out var name) || p >= s.Length || s[p++] != (byte)':') return false;
            if (!Value(s, ref p, ElementKeys.Of(name), f) || p >= s.Length) return false;
            var b = s[p++];
            if (b == (byte)'}') return true;
            if (b != (byte)',') return false;
        }
    }

    private bool Value(ReadOnlySpan<byte> s, ref int p, ElementKey key, ElementFields f)
    {
        ReadOnlySpan<byte> text;
        switch (key)
        {
            case ElementKey.T:
                if (!JsonTokens.PlainString(s, ref p, out text)) return false;
                _reader.SetType(f, text);
                return true;
            case ElementKey.Sym:
                if (!JsonTokens.PlainString(s, ref p, out text)) return false;
                f.Symbol = _reader.Symbols.Get(text);
                f.SymbolState = FieldState.Ok;
                return true;
            case ElementKey.P: return Number(s, ref p, ref f.P);
            case ElementKey.S: return Number(s, ref p, ref f.S);
            case ElementKey.Bp: return Number(s, ref p, ref f.Bp);
            case ElementKey.Bs: return Number(s, ref p, ref f.Bs);
            case ElementKey.Ap: return Number(s, ref p, ref f.Ap);
            case ElementKey.As: return Number(s, ref p, ref f.As);
            case ElementKey.O: return Number(s, ref p, ref f.O);
            case ElementKey.H: return Number(s, ref p, ref f.H);
            case ElementKey.L: return Number(s, ref p, ref f.L);
            case ElementKey.V: return Number(s, ref p, ref f.V);
            case ElementKey.Vw: return Number(s, ref p, ref f.Vw);
            case ElementKey.I: return Integer(s, ref p, ref f.I);
            case ElementKey.N: return Integer(s, ref p, ref f.N);
            case ElementKey.Time:
                if (!JsonTokens.PlainString(s, ref p, out text)) return false;
                // As ElementReader.ReadTime: the parsed time (default when it fails) and its state.
                f.TimeState = _times.TryParse(text, out f.Time) ? FieldState.Ok : FieldState.BadValue;
                return true;
            case ElementKey.C:
                return Conditions(s, ref p, f);
            case ElementKey.X: return Code(s, ref p, out f.X);
            case ElementKey.Z: return Code(s, ref p, out f.Z);
            case ElementKey.Tks: return Code(s, ref p, out f.Tks);
            case ElementKey.Bx: return Code(s, ref p, out f.Bx);
            case ElementKey.Ax: return Code(s, ref p, out f.Ax);
            default:
                return false; // keys the stream's data elements do not carry (and unknown keys) go to the tokenizer
        }
    }

    // "c": a bar's close (number), or conditions (a string, or an array of strings), as ElementReader.ReadC.
    private bool Conditions(ReadOnlySpan<byte> s, ref int p, ElementFields f)
    {
        if (p >= s.Length) return false;
        if (s[p] == (byte)'"')
        {
            if (!JsonTokens.PlainString(s, ref p, out var one)) return false;
            f.Conditions = [_reader.Codes.Get(one)];
            f.ConditionsState = FieldState.Ok;
            return true;
        }
        if (s[p] != (byte)'[') return Number(s, ref p, ref f.C);
        p++;
        var list = new List<string>();
        if (p < s.Length && s[p] == (byte)']') p++;
        else
        {
            while (true)
            {
                if (!JsonTokens.PlainString(s, ref p, out var code) || p >= s.Length) return false;
                list.Add(_reader.Codes.Get(code));
                var b = s[p++];
                if (b == (byte)']') break;
                if (b != (byte)',') return false;
            }
        }
        f.Conditions = list;
        f.ConditionsState = FieldState.Ok;
        return true;
    }

    private bool Code(ReadOnlySpan<byte> s, ref int p, out string? value)
    {
        value = null;
        if (!JsonTokens.PlainString(s, ref p, out var text)) return false;
        value = _reader.Codes.Get(text);
        return true;
    }

    /// <summary>As ElementReader.ReadNumber for a number token: the value when finite (Utf8JsonReader.TryGetDouble's result).</summary>
    private static bool Number(ReadOnlySpan<byte> s, ref int p, ref NumberField field)
    {
        if (!JsonTokens.Number(s, ref p, out var token)) return false;
        if (JsonDouble.TryParse(token, out var d))
        {
            field.Value = d;
            field.State = FieldState.Ok;
        }
        else field.State = FieldState.NotFinite;
        return true;
    }

    /// <summary>As ElementReader.ReadInteger for a number token (Utf8JsonReader.TryGetInt64: Utf8Parser over the whole token).</summary>
    private static bool Integer(ReadOnlySpan<byte> s, ref int p, ref IntegerField field)
    {
        if (!JsonTokens.Number(s, ref p, out var token)) return false;
        if (TryDigits(token, out var n) || Utf8Parser.TryParse(token, out n, out var used) && used == token.Length)
        {
            field.Value = n;
            field.State = FieldState.Ok;
        }
        else field.State = FieldState.BadValue;
        return true;
    }

    /// <summary>Up to 18 plain digits (trade ids): exact, so the same value Utf8Parser gives, without its generality.</summary>
    private static bool TryDigits(ReadOnlySpan<byte> token, out long value)
    {
        value = 0;
        if (token.Length is 0 or > 18) return false;
        foreach (var b in token)
        {
            var d = (uint)(b - '0');
            if (d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }
}
