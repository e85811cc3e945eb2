using System.Text.Json;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Reads one JSON object of an Alpaca frame or REST page into <see cref="ElementFields"/>. A field of the wrong JSON
/// type is recorded (not thrown) and its value skipped, so the element can be reported and its siblings still read.
/// Only a syntactically broken document throws (<see cref="JsonException"/> from the reader).
/// </summary>
internal sealed class ElementReader
{
    private readonly Utf8StringTable _symbols;
    private readonly Utf8StringTable _codes;

    public ElementReader(Utf8StringTable symbols, Utf8StringTable codes)
    {
        _symbols = symbols;
        _codes = codes;
    }

    /// <summary>Reads the object the reader is positioned on (StartObject) up to and including its EndObject.</summary>
    public void ReadObject(ref Utf8JsonReader reader, ElementFields f)
    {
        f.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = ElementKeys.Of(ref reader);
            // The name's bytes are a slice of the frame, so they stay readable after moving to the value.
            var name = reader.ValueSpan;
            var escapedName = key == ElementKey.Unknown && reader.ValueIsEscaped && WantsArrays(f) ? reader.GetString() : null;
            reader.Read();
            switch (key)
            {
                case ElementKey.T: ReadType(ref reader, f); break;
                case ElementKey.Sym: f.SymbolState = ReadString(ref reader, _symbols, out f.Symbol); break;
                case ElementKey.P: ReadNumber(ref reader, ref f.P); break;
                case ElementKey.S: ReadNumber(ref reader, ref f.S); break;
                case ElementKey.Bp: ReadNumber(ref reader, ref f.Bp); break;
                case ElementKey.Bs: ReadNumber(ref reader, ref f.Bs); break;
                case ElementKey.Ap: ReadNumber(ref reader, ref f.Ap); break;
                case ElementKey.As: ReadNumber(ref reader, ref f.As); break;
                case ElementKey.O: ReadNumber(ref reader, ref f.O); break;
                case ElementKey.H: ReadNumber(ref reader, ref f.H); break;
                case ElementKey.L: ReadNumber(ref reader, ref f.L); break;
                case ElementKey.V: ReadNumber(ref reader, ref f.V); break;
                case ElementKey.Vw: ReadNumber(ref reader, ref f.Vw); break;
                case ElementKey.I:
                    // Also a wrong-typed trade id: only a LULD, which never reads I, takes the string.
                    if (reader.TokenType == JsonTokenType.String) (f.Indicator, f.I.State) = (ReadText(ref reader, _codes), FieldState.WrongType);
                    else ReadInteger(ref reader, ref f.I);
                    break;
                case ElementKey.N: ReadInteger(ref reader, ref f.N); break;
                case ElementKey.Code: ReadInteger(ref reader, ref f.Code); break;
                case ElementKey.Time: ReadTime(ref reader, f); break;
                case ElementKey.C: ReadC(ref reader, f); break;
                case ElementKey.X: ReadString(ref reader, _codes, out f.X); break;
                case ElementKey.Z: ReadString(ref reader, _codes, out f.Z); break;
                case ElementKey.Tks: ReadString(ref reader, _codes, out f.Tks); break;
                case ElementKey.Bx: ReadString(ref reader, _codes, out f.Bx); break;
                case ElementKey.Ax: ReadString(ref reader, _codes, out f.Ax); break;
                case ElementKey.Sc: ReadString(ref reader, _codes, out f.Sc); break;
                case ElementKey.Sm: ReadString(ref reader, _codes, out f.Sm); break;
                case ElementKey.Rc: ReadString(ref reader, _codes, out f.Rc); break;
                case ElementKey.Rm: ReadString(ref reader, _codes, out f.Rm); break;
                case ElementKey.Msg: ReadString(ref reader, _codes, out f.Msg); break;
                case ElementKey.Bids: f.BidsState = ReadLevels(ref reader, out f.Bids); break;
                case ElementKey.Asks:
                    // Also wrong-typed asks: only a cancel, which never reads asks, takes the string.
                    if (reader.TokenType == JsonTokenType.String) (f.Action, f.AsksState) = (ReadText(ref reader, _codes), FieldState.WrongType);
                    else f.AsksState = ReadLevels(ref reader, out f.Asks);
                    break;
                case ElementKey.U:
                    // A LULD's limit-up price, or a REST history trade's state (a string, which no LULD takes).
                    if (reader.TokenType == JsonTokenType.String)
                        (f.Update, f.U.State) = (ReadText(ref reader, _codes), FieldState.WrongType);
                    else ReadNumber(ref reader, ref f.U);
                    break;
                case ElementKey.D: ReadNumber(ref reader, ref f.D); break;
                case ElementKey.Op: ReadNumber(ref reader, ref f.Op); break;
                case ElementKey.Os: ReadNumber(ref reader, ref f.Os); break;
                case ElementKey.Cp: ReadNumber(ref reader, ref f.Cp); break;
                case ElementKey.Cs: ReadNumber(ref reader, ref f.Cs); break;
                case ElementKey.Oi: ReadInteger(ref reader, ref f.Oi); break;
                case ElementKey.Ci: ReadInteger(ref reader, ref f.Ci); break;
                case ElementKey.Oc: f.OcState = ReadConditionList(ref reader, out f.Oc); break;
                case ElementKey.Cc: f.CcState = ReadConditionList(ref reader, out f.Cc); break;
                case ElementKey.R: ReadReset(ref reader, f); break;
                default:
                    if (reader.TokenType == JsonTokenType.StartArray && WantsArrays(f))
                        ReadNamedArray(ref reader, f, escapedName ?? _codes.Get(name));
                    else reader.Skip();
                    break;
            }
        }
        if (reader.TokenType != JsonTokenType.EndObject)
            throw new JsonException("expected a property name or the end of the object");
    }

    // Unknown array-valued keys are only worth collecting for a subscription ack, or while T is not yet known.
    private static bool WantsArrays(ElementFields f) =>
        f.Type is MessageType.Missing or MessageType.Subscription;

    private void ReadType(ref Utf8JsonReader reader, ElementFields f)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            f.TypeState = FieldState.WrongType;
            reader.Skip();
            return;
        }
        if (!reader.ValueIsEscaped)
        {
            SetType(f, reader.ValueSpan);
            return;
        }
        f.TypeState = FieldState.Ok;
        f.Type = MessageType.Unknown;
        f.TypeText = ReadText(ref reader, _codes);
    }

    /// <summary>Records an unescaped <c>T</c> string (shared with <see cref="FlatFrameScanner"/>).</summary>
    internal void SetType(ElementFields f, ReadOnlySpan<byte> text)
    {
        f.TypeState = FieldState.Ok;
        f.Type = TypeOf(text);
        f.TypeText = f.Type switch
        {
            MessageType.Success => "success",
            MessageType.Subscription => "subscription",
            MessageType.Error => "error",
            MessageType.Trade => "t",
            MessageType.Quote => "q",
            MessageType.Bar => "b",
            MessageType.UpdatedBar => "u",
            MessageType.DailyBar => "d",
            MessageType.Status => "s",
            MessageType.OrderBook => "o",
            MessageType.Correction => "c",
            MessageType.CancelError => "x",
            MessageType.Luld => "l",
            MessageType.Imbalance => "i",
            _ => _codes.Get(text),
        };
    }

    internal Utf8StringTable Symbols => _symbols;
    internal Utf8StringTable Codes => _codes;

    private static MessageType TypeOf(ReadOnlySpan<byte> t)
    {
        if (t.Length == 1)
            return t[0] switch
            {
                (byte)'t' => MessageType.Trade,
                (byte)'q' => MessageType.Quote,
                (byte)'b' => MessageType.Bar,
                (byte)'u' => MessageType.UpdatedBar,
                (byte)'d' => MessageType.DailyBar,
                (byte)'s' => MessageType.Status,
                (byte)'o' => MessageType.OrderBook,
                (byte)'c' => MessageType.Correction,
                (byte)'x' => MessageType.CancelError,
                (byte)'l' => MessageType.Luld,
                (byte)'i' => MessageType.Imbalance,
                _ => MessageType.Unknown,
            };
        if (t.SequenceEqual("success"u8)) return MessageType.Success;
        if (t.SequenceEqual("subscription"u8)) return MessageType.Subscription;
        if (t.SequenceEqual("error"u8)) return MessageType.Error;
        return MessageType.Unknown;
    }

    private static void ReadNumber(ref Utf8JsonReader reader, ref NumberField field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                field.State = FieldState.Absent;
                return;
            case JsonTokenType.Number:
                if (reader.TryGetDouble(out var d) && double.IsFinite(d))
                {
                    field.Value = d;
                    field.State = FieldState.Ok;
                }
                else field.State = FieldState.NotFinite;
                return;
            default:
                field.State = FieldState.WrongType;
                reader.Skip();
                return;
        }
    }

    private static void ReadInteger(ref Utf8JsonReader reader, ref IntegerField field)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                field.State = FieldState.Absent;
                return;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var n))
                {
                    field.Value = n;
                    field.State = FieldState.Ok;
                }
                else field.State = FieldState.BadValue;
                return;
            default:
                field.State = FieldState.WrongType;
                reader.Skip();
                return;
        }
    }

    private static void ReadTime(ref Utf8JsonReader reader, ElementFields f)
    {
        if (reader.TokenType == JsonTokenType.Null) { f.TimeState = FieldState.Absent; return; }
        if (reader.TokenType != JsonTokenType.String) { f.TimeState = FieldState.WrongType; reader.Skip(); return; }
        bool ok;
        if (!reader.ValueIsEscaped) ok = NanoTimestamp.TryParse(reader.ValueSpan, out f.Time);
        else
        {
            Span<byte> buffer = stackalloc byte[64];
            ok = reader.ValueSpan.Length <= buffer.Length
                 && NanoTimestamp.TryParse(buffer[..reader.CopyString(buffer)], out f.Time);
        }
        f.TimeState = ok ? FieldState.Ok : FieldState.BadValue;
    }

    // "c": conditions (array, or a scalar string the JS mock and MsgPack mode send) or a bar's close.
    private void ReadC(ref Utf8JsonReader reader, ElementFields f)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return;
            case JsonTokenType.Number:
                ReadNumber(ref reader, ref f.C);
                return;
            case JsonTokenType.String:
                f.Conditions = [ReadText(ref reader, _codes)];
                f.ConditionsState = FieldState.Ok;
                return;
            case JsonTokenType.StartArray:
                f.ConditionsState = ReadStrings(ref reader, _codes, out f.Conditions);
                return;
            default:
                f.ConditionsState = FieldState.WrongType;
                f.C.State = FieldState.WrongType;
                reader.Skip();
                return;
        }
    }

    /// <summary>A correction's <c>oc</c>/<c>cc</c>: an array of condition strings (a scalar string is wrapped).</summary>
    private FieldState ReadConditionList(ref Utf8JsonReader reader, out List<string>? list)
    {
        list = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return FieldState.Absent;
            case JsonTokenType.String: list = [ReadText(ref reader, _codes)]; return FieldState.Ok;
            case JsonTokenType.StartArray: return ReadStrings(ref reader, _codes, out list);
            default: reader.Skip(); return FieldState.WrongType;
        }
    }

    private void ReadNamedArray(ref Utf8JsonReader reader, ElementFields f, string name)
    {
        if (ReadStrings(ref reader, _symbols, out var list) == FieldState.Ok)
            (f.Arrays ??= new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal))[name] = list!;
    }

    private static FieldState ReadStrings(ref Utf8JsonReader reader, Utf8StringTable table, out List<string>? list)
    {
        list = new List<string>();
        var state = FieldState.Ok;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String) list.Add(ReadText(ref reader, table));
            else
            {
                state = FieldState.WrongType;
                reader.Skip();
            }
        }
        return state;
    }

    private static FieldState ReadLevels(ref Utf8JsonReader reader, out List<PriceLevel>? levels)
    {
        levels = null;
        if (reader.TokenType == JsonTokenType.Null) return FieldState.Absent;
        if (reader.TokenType != JsonTokenType.StartArray) { reader.Skip(); return FieldState.WrongType; }
        levels = new List<PriceLevel>();
        var state = FieldState.Ok;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); state = FieldState.WrongType; continue; }
            NumberField p = default, s = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isP = reader.ValueTextEquals("p"u8);
                var isS = !isP && reader.ValueTextEquals("s"u8);
                reader.Read();
                if (isP) ReadNumber(ref reader, ref p);
                else if (isS) ReadNumber(ref reader, ref s);
                else reader.Skip();
            }
            if (p.State == FieldState.Ok && s.State == FieldState.Ok) levels.Add(new PriceLevel(p.Value, s.Value));
            else state = FieldState.BadValue;
        }
        return state;
    }

    private static void ReadReset(ref Utf8JsonReader reader, ElementFields f)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: f.Reset = true; f.ResetState = FieldState.Ok; return;
            case JsonTokenType.False: f.Reset = false; f.ResetState = FieldState.Ok; return;
            case JsonTokenType.Null: return;
            default: f.ResetState = FieldState.WrongType; reader.Skip(); return;
        }
    }

    private static FieldState ReadString(ref Utf8JsonReader reader, Utf8StringTable table, out string? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null) return FieldState.Absent;
        if (reader.TokenType != JsonTokenType.String) { reader.Skip(); return FieldState.WrongType; }
        value = ReadText(ref reader, table);
        return FieldState.Ok;
    }

    private static string ReadText(ref Utf8JsonReader reader, Utf8StringTable table) =>
        reader.ValueIsEscaped ? table.Get(reader.GetString()!) : table.Get(reader.ValueSpan);
}
