using System.Text.Json;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>What one decoded REST page held: its items in page order, the next-page token and the skipped items.</summary>
internal readonly record struct RestPage<T>(List<T> Items, string? NextPageToken, List<DecodeError> Errors);

/// <summary>
/// Decodes an Alpaca historical page of bars, trades or quotes: <c>{"trades":{"SYM":[item…]},"next_page_token":…}</c>
/// or the single-symbol <c>{"trades":[item…],"symbol":"SYM",…}</c>, keys in any order (the token may come first).
/// Unknown keys (e.g. <c>currency</c>) are skipped; a bad item is reported and skipped; a body that is not a page of
/// that kind throws <see cref="FormatException"/>. Every kind shares this walk: only the item checks differ.
/// </summary>
internal static class RestPageDecoder
{
    public static RestPage<T> Decode<T>(ReadOnlySpan<byte> body, RestItemKind<T> kind, Func<string, string> canonicalSymbol)
    {
        var symbols = new Utf8StringTable(64, canonicalSymbol);
        var page = new PageState<T>(kind, new ElementReader(symbols, new Utf8StringTable(16)));
        string? token = null, pageSymbol = null, message = null;
        bool sawItems = false;

        var reader = new Utf8JsonReader(body);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw new FormatException($"{kind.Key} page is not a JSON object");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isItems = reader.ValueTextEquals(kind.Key);
                var key = isItems ? kind.Key : reader.GetString();
                reader.Read();
                if (isItems)
                {
                    sawItems = true;
                    ReadItemsValue(ref reader, page, symbols);
                    continue;
                }
                switch (key)
                {
                    case "symbol" when reader.TokenType == JsonTokenType.String:
                        pageSymbol = symbols.Get(reader.GetString()!);
                        break;
                    case "next_page_token" when reader.TokenType == JsonTokenType.String:
                        token = reader.GetString();
                        break;
                    case "next_page_token" when reader.TokenType != JsonTokenType.Null:
                        // Reading it as "no token" would silently end the paging of a gap.
                        throw new FormatException($"{kind.Key} page has a 'next_page_token' that is not a string");
                    case "message" when reader.TokenType == JsonTokenType.String:
                        message = reader.GetString();
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (reader.Read())
                throw new FormatException($"{kind.Key} page has data after its JSON object");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{kind.Key} page is not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new FormatException($"{kind.Key} page is not valid JSON: {ex.Message}", ex);
        }

        if (!sawItems)
            throw new FormatException(message is null
                ? $"{kind.Key} page has no '{kind.Key}' key"
                : $"{kind.Key} page has no '{kind.Key}' key; the venue said: {message}");
        page.NameUnnamed(pageSymbol);
        return new RestPage<T>(page.Items, string.IsNullOrEmpty(token) ? null : token, page.Errors);
    }

    private static void ReadItemsValue<T>(ref Utf8JsonReader reader, PageState<T> page, Utf8StringTable symbols)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var symbol = reader.ValueIsEscaped ? symbols.Get(reader.GetString()!) : symbols.Get(reader.ValueSpan);
                    reader.Read();
                    ReadItems(ref reader, page, symbol);
                }
                return;
            case JsonTokenType.StartArray:
                ReadItems(ref reader, page, null);
                return;
            case JsonTokenType.Null:
                return; // an empty page
            default:
                throw new FormatException(
                    $"'{page.Kind.Key}' is neither an object of symbol arrays nor an array of {page.Kind.Item}s");
        }
    }

    private static void ReadItems<T>(ref Utf8JsonReader reader, PageState<T> page, string? symbol)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            // The latest-* endpoints map a symbol to one item rather than an array.
            page.Read(ref reader, symbol);
            return;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            page.Skip(ref reader, $"{page.Kind.Key} of '{symbol}' are not an array");
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject) page.Read(ref reader, symbol);
            else page.Skip(ref reader, $"{page.Kind.Item} is not a JSON object");
        }
    }

    /// <summary>The items, errors and running item index of one page being read.</summary>
    private sealed class PageState<T>(RestItemKind<T> kind, ElementReader elements)
    {
        private readonly ElementFields _fields = new();
        private List<int>? _unnamed; // single-symbol shape: items read before "symbol" get it afterwards
        private int _index;

        public RestItemKind<T> Kind => kind;
        public List<T> Items { get; } = new();
        public List<DecodeError> Errors { get; } = new();

        public void Read(ref Utf8JsonReader reader, string? symbol)
        {
            elements.ReadObject(ref reader, _fields);
            var index = _index++;
            var name = _fields.SymbolState == FieldState.Ok ? _fields.Symbol! : symbol;
            if (kind.Error(_fields) is { } reason)
            {
                Errors.Add(new DecodeError(index, kind.Item, name is null ? reason : $"{name}: {reason}"));
                return;
            }
            if (name is null) (_unnamed ??= new List<int>()).Add(Items.Count);
            Items.Add(kind.Build(_fields, name ?? ""));
        }

        public void Skip(ref Utf8JsonReader reader, string reason)
        {
            Errors.Add(new DecodeError(_index++, kind.Item, reason));
            reader.Skip();
        }

        public void NameUnnamed(string? pageSymbol)
        {
            if (_unnamed is null) return;
            // Checked after the whole page because "symbol" may follow the items.
            if (pageSymbol is null)
                throw new FormatException($"single-symbol {kind.Key} page has no 'symbol' and its {kind.Key} carry no 'S'");
            foreach (var i in _unnamed) Items[i] = kind.WithSymbol(Items[i], pageSymbol);
        }
    }
}
