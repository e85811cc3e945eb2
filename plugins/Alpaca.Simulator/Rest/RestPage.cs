using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Alpaca.Simulator.Rest;

/// <summary>
/// One page of a historical answer: items of each symbol in the query's symbol order, at most <c>limit</c> in all
/// (the limit spans symbols, so pages cross symbols), and the token of the first item left out.
/// </summary>
internal sealed class RestPage<T>
{
    public List<(string Symbol, List<T> Items)> Entries { get; } = [];
    public string? NextToken { get; set; }

    /// <summary>
    /// Fills a page from each symbol's items, starting at the page token's symbol.
    /// <paramref name="items"/>(symbol, resumeHere) enumerates a symbol's items in answer order, from the token's
    /// position when resumeHere; <paramref name="tokenOf"/> makes the token that resumes at an item.
    /// </summary>
    public static RestPage<T> Collect(RestQuery q, string? resumeSymbol, Func<string, bool, IEnumerable<T>> items, Func<string, T, string> tokenOf)
    {
        var page = new RestPage<T>();
        var total = 0;
        var first = resumeSymbol is null ? 0 : Array.IndexOf(q.Symbols, resumeSymbol);
        for (var si = first; si < q.Symbols.Length && page.NextToken is null; si++)
        {
            var symbol = q.Symbols[si];
            List<T>? list = null;
            foreach (var item in items(symbol, symbol == resumeSymbol))
            {
                if (total == q.Limit)
                {
                    page.NextToken = tokenOf(symbol, item);
                    break;
                }
                (list ??= []).Add(item);
                total++;
            }
            if (list is not null) page.Entries.Add((symbol, list));
        }
        return page;
    }

    /// <summary>
    /// Multi-symbol <c>{"KEY":{"SYM":[...],...},"next_page_token":..}</c> or single-symbol
    /// <c>{"KEY":[...],"symbol":"AAPL","next_page_token":..}</c>; <c>"currency"</c> when the request gave one.
    /// </summary>
    public byte[] ToJson(RestQuery q, Action<Utf8JsonWriter, T> writeItem)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (q.Route.Single is { } single)
            {
                w.WriteStartArray(q.Route.Key);
                foreach (var (_, items) in Entries)
                    foreach (var item in items) writeItem(w, item);
                w.WriteEndArray();
                w.WriteString("symbol", Entries.Count == 1 ? Entries[0].Symbol : single);
            }
            else
            {
                w.WriteStartObject(q.Route.Key);
                foreach (var (symbol, items) in Entries)
                {
                    w.WriteStartArray(symbol);
                    foreach (var item in items) writeItem(w, item);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            if (q.Currency is { } currency) w.WriteString("currency", currency);
            if (NextToken is null) w.WriteNull("next_page_token"); else w.WriteString("next_page_token", NextToken);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>Page tokens: opaque to clients, like Alpaca's (base64 of '|'-separated fields, the symbol first).</summary>
internal static class PageToken
{
    public static string Encode(params string[] fields) => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('|', fields)));

    /// <summary>The token's fields; 400 unless it has <paramref name="count"/> fields and names a requested symbol.</summary>
    public static string[] Decode(string token, int count, string[] symbols)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('|');
            if (parts.Length == count && symbols.Contains(parts[0])) return parts;
        }
        catch (FormatException) { }
        throw new RestBadRequest("invalid page_token");
    }
}
