using System.Text.Json;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Decodes an Alpaca historical bars page: <c>{"bars":{"SYM":[bar…]},"next_page_token":…}</c> or the single-symbol
/// <c>{"bars":[bar…],"symbol":"SYM",…}</c>. Unknown keys (e.g. <c>currency</c>) are skipped; a bad bar is reported
/// and skipped; a body that is not a bars page throws <see cref="FormatException"/>.
/// </summary>
internal static class BarsPageDecoder
{
    public static BarsPage Decode(ReadOnlySpan<byte> body, Func<string, string> canonicalSymbol)
    {
        var symbols = new Utf8StringTable(64, canonicalSymbol);
        var elements = new ElementReader(symbols, new Utf8StringTable(16));
        var fields = new ElementFields();
        var bars = new List<Bar>();
        var errors = new List<DecodeError>();
        string? token = null, pageSymbol = null, message = null;
        bool sawBars = false;
        int unnamedFrom = -1; // single-symbol shape: bars read before "symbol" get it afterwards
        int index = 0;

        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException("bars page is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString();
                reader.Read();
                switch (key)
                {
                    case "bars" when reader.TokenType == JsonTokenType.StartObject:
                        sawBars = true;
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            var symbol = reader.ValueIsEscaped ? symbols.Get(reader.GetString()!) : symbols.Get(reader.ValueSpan);
                            reader.Read();
                            ReadBars(ref reader, elements, fields, symbol, bars, errors, ref index);
                        }
                        break;
                    case "bars" when reader.TokenType == JsonTokenType.StartArray:
                        sawBars = true;
                        unnamedFrom = bars.Count;
                        ReadBars(ref reader, elements, fields, null, bars, errors, ref index);
                        break;
                    case "bars" when reader.TokenType == JsonTokenType.Null:
                        sawBars = true; // an empty page
                        break;
                    case "bars":
                        throw new FormatException("'bars' is neither an object of symbol arrays nor an array of bars");
                    case "symbol" when reader.TokenType == JsonTokenType.String:
                        pageSymbol = symbols.Get(reader.GetString()!);
                        break;
                    case "next_page_token" when reader.TokenType == JsonTokenType.String:
                        token = reader.GetString();
                        break;
                    case "message" when reader.TokenType == JsonTokenType.String:
                        message = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException($"bars page is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"bars page is not valid JSON: {ex.Message}", ex);
        }

        if (!sawBars)
            throw new FormatException(message is null
                ? "bars page has no 'bars' key"
                : $"bars page has no 'bars' key; the venue said: {message}");

        if (unnamedFrom >= 0)
        {
            for (int i = unnamedFrom; i < bars.Count; i++)
            {
                if (bars[i].Symbol.Length > 0) continue;
                if (pageSymbol is null)
                {
                    // Checked after the loop because "symbol" may follow "bars".
                    throw new FormatException("single-symbol bars page has no 'symbol' and its bars carry no 'S'");
                }
                bars[i] = bars[i] with { Symbol = pageSymbol };
            }
        }
        return new BarsPage(bars, string.IsNullOrEmpty(token) ? null : token, errors);
    }

    private static void ReadBars(ref Utf8JsonReader reader, ElementReader elements, ElementFields fields, string? symbol,
        List<Bar> bars, List<DecodeError> errors, ref int index)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // The latest-bars endpoint maps a symbol to one bar rather than an array.
            ReadBar(ref reader, elements, fields, symbol, bars, errors, index++);
            return;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            errors.Add(new DecodeError(index++, "bar", $"bars of '{symbol}' are not an array"));
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject) ReadBar(ref reader, elements, fields, symbol, bars, errors, index);
            else
            {
                errors.Add(new DecodeError(index, "bar", "bar is not a JSON object"));
                reader.Skip();
            }
            index++;
        }
    }

    private static void ReadBar(ref Utf8JsonReader reader, ElementReader elements, ElementFields fields, string? symbol,
        List<Bar> bars, List<DecodeError> errors, int index)
    {
        elements.ReadObject(ref reader, fields);
        var name = fields.SymbolState == FieldState.Ok ? fields.Symbol! : symbol;
        if (ElementValidation.BarError(fields) is { } reason)
        {
            errors.Add(new DecodeError(index, "bar", name is null ? reason : $"{name}: {reason}"));
            return;
        }
        bars.Add(ElementValidation.ToBar(fields, name ?? "", BarKind.Historical));
    }
}
