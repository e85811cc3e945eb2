using System.Text.Json;
using Torghut.Abstractions;

namespace MyVenue;

/// <summary>
/// Historical bars: <c>GET {rest}/v1/bars?symbols=A,B&amp;timeframe=1Min&amp;start=…&amp;end=…&amp;limit=…&amp;page_token=…</c>
/// answering <c>{"bars":[{"symbol":…,"time":…,"open":…,…}],"next_page_token":"…"|null}</c>.
/// </summary>
public sealed class VenueBackfillSource(Uri restBase, ISymbolCodec codec) : IBackfillSource
{
    /// <inheritdoc />
    public int MaxPageSize => 1_000;

    /// <inheritdoc />
    public HttpRequestSpec BuildRequest(BarsRequest request, VenueCredentials? credentials)
    {
        if (request.Symbols is not { Count: > 0 }) throw new ArgumentException("at least one symbol is required", nameof(request));
        var query = new List<string>
        {
            "symbols=" + Uri.EscapeDataString(string.Join(",", request.Symbols)),
            "timeframe=" + request.Timeframe,
            "limit=" + Math.Clamp(request.Limit ?? MaxPageSize, 1, MaxPageSize),
        };
        if (request.Start is { } start) query.Add("start=" + Uri.EscapeDataString(start.ToString()));
        if (request.End is { } end) query.Add("end=" + Uri.EscapeDataString(end.ToString()));
        if (request.PageToken is { Length: > 0 } token) query.Add("page_token=" + Uri.EscapeDataString(token));
        var headers = new Dictionary<string, string>();
        if (credentials is not null) headers["Authorization"] = $"Bearer {credentials.KeyId}:{credentials.Secret}";
        return new HttpRequestSpec(new UriBuilder(new Uri(restBase, "v1/bars")) { Query = string.Join("&", query) }.Uri, headers);
    }

    /// <inheritdoc />
    public BarsPage DecodePage(ReadOnlySpan<byte> body)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(body.ToArray()); }
        catch (JsonException e) { throw new FormatException("bars page is not JSON: " + e.Message, e); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("bars", out var list) || list.ValueKind != JsonValueKind.Array)
                throw new FormatException("bars page has no 'bars' array");
            var bars = new List<Bar>();
            var errors = new List<DecodeError>();
            int index = 0;
            foreach (var e in list.EnumerateArray())
            {
                try { bars.Add(Bars.Read(e, FrameDecoder.Symbol(e, codec), BarKind.Historical)); }
                catch (Exception x) when (x is FormatException or InvalidOperationException) { errors.Add(new DecodeError(index, "bar", x.Message)); }
                index++;
            }
            var token = root.TryGetProperty("next_page_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            return new BarsPage(bars, string.IsNullOrEmpty(token) ? null : token, errors);
        }
    }
}
