using System.Text;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Alpaca historical bars (crypto <c>/v1beta3/crypto/{loc}/bars</c>, stocks <c>/v2/stocks/bars</c>): builds one
/// multi-symbol page request and decodes the page. Stateless and thread-safe.
/// </summary>
public sealed class AlpacaBackfillSource : IBackfillSource
{
    /// <summary>Alpaca's largest page (the <c>limit</c> parameter accepts 1..10000).</summary>
    public const int MaxLimit = 10_000;

    private readonly Uri _barsUri;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _extraQuery;
    private readonly ISymbolCodec? _codec;

    /// <param name="barsUri">The bars endpoint, without a query.</param>
    /// <param name="extraQuery">Lane-fixed parameters appended to every request (equity: feed, adjustment).</param>
    /// <param name="codec">Canonicalizes the symbols a page names; a rejected symbol passes through as sent.</param>
    public AlpacaBackfillSource(Uri barsUri, IReadOnlyList<KeyValuePair<string, string>>? extraQuery = null, ISymbolCodec? codec = null)
    {
        _barsUri = barsUri ?? throw new ArgumentNullException(nameof(barsUri));
        _extraQuery = extraQuery ?? [];
        _codec = codec;
    }

    public int MaxPageSize => MaxLimit;

    public HttpRequestSpec BuildRequest(BarsRequest request, VenueCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Symbols is null || request.Symbols.Count == 0)
            throw new ArgumentException("at least one symbol is required", nameof(request));

        var q = new StringBuilder();
        Add(q, "symbols", string.Join(",", request.Symbols.Select(Uri.EscapeDataString)), escaped: true);
        Add(q, "timeframe", request.Timeframe.ToString());
        if (request.Start is { } start) Add(q, "start", start.ToString());
        if (request.End is { } end) Add(q, "end", end.ToString());
        Add(q, "limit", Math.Clamp(request.Limit ?? MaxLimit, 1, MaxLimit).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(request.PageToken)) Add(q, "page_token", request.PageToken);
        Add(q, "sort", request.Descending ? "desc" : "asc");
        foreach (var (key, value) in _extraQuery) Add(q, key, value);

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (credentials is not null)
        {
            // Crypto history is public, but authenticated calls get the account's higher rate limit.
            headers["APCA-API-KEY-ID"] = credentials.KeyId;
            headers["APCA-API-SECRET-KEY"] = credentials.Secret;
        }
        return new HttpRequestSpec(new UriBuilder(_barsUri) { Query = q.ToString() }.Uri, headers);
    }

    public BarsPage DecodePage(ReadOnlySpan<byte> body)
    {
        var page = RestPageDecoder.Decode(body, RestItemKinds.Bars, _codec is null ? s => s : s => _codec.Canonicalize(s).Symbol ?? s);
        return new BarsPage(page.Items, page.NextPageToken, page.Errors);
    }

    private static void Add(StringBuilder q, string key, string value, bool escaped = false)
    {
        if (q.Length > 0) q.Append('&');
        q.Append(key).Append('=').Append(escaped ? value : Uri.EscapeDataString(value));
    }
}
