using System.Globalization;
using System.Text;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Alpaca historical data for one lane: bars (crypto <c>/v1beta3/crypto/{loc}/bars</c>, stocks <c>/v2/stocks/bars</c>)
/// and, when given <see cref="AlpacaHistoryEndpoints"/>, trades and quotes (the contract 1.1
/// <see cref="IMarketHistorySource"/> the host finds on the object <c>CreateBackfill</c> returns). Builds one
/// multi-symbol page request and decodes the page. Stateless and thread-safe.
/// </summary>
public sealed class AlpacaBackfillSource : IBackfillSource, IMarketHistorySource
{
    /// <summary>Alpaca's largest page (the <c>limit</c> parameter accepts 1..10000, for bars, trades and quotes).</summary>
    public const int MaxLimit = 10_000;

    private readonly Uri _barsUri;
    private readonly IReadOnlyList<KeyValuePair<string, string>> _extraQuery;
    private readonly ISymbolCodec? _codec;
    private readonly AlpacaHistoryEndpoints? _history;

    /// <param name="barsUri">The bars endpoint, without a query.</param>
    /// <param name="extraQuery">Lane-fixed parameters appended to every bars request (equity: feed, adjustment).</param>
    /// <param name="codec">Canonicalizes the symbols a page names; a rejected symbol passes through as sent.</param>
    /// <param name="history">The trades and quotes endpoints; without them <see cref="SupportsHistory"/> is false.</param>
    public AlpacaBackfillSource(Uri barsUri, IReadOnlyList<KeyValuePair<string, string>>? extraQuery = null,
        ISymbolCodec? codec = null, AlpacaHistoryEndpoints? history = null)
    {
        _barsUri = barsUri ?? throw new ArgumentNullException(nameof(barsUri));
        _extraQuery = extraQuery ?? [];
        _codec = codec;
        _history = history;
    }

    public int MaxPageSize => MaxLimit;

    public int MaxHistoryPageSize => MaxLimit;

    public HttpRequestSpec BuildRequest(BarsRequest request, VenueCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(request);
        var q = new StringBuilder();
        AddSymbols(q, request.Symbols);
        Add(q, "timeframe", request.Timeframe.ToString());
        if (request.Start is { } start) Add(q, "start", start.ToString());
        if (request.End is { } end) Add(q, "end", end.ToString());
        AddPaging(q, request.Limit, request.PageToken, request.Descending, _extraQuery);
        return Spec(_barsUri, q, credentials);
    }

    public BarsPage DecodePage(ReadOnlySpan<byte> body)
    {
        var page = RestPageDecoder.Decode(body, RestItemKinds.Bars, Canonical);
        return new BarsPage(page.Items, page.NextPageToken, page.Errors);
    }

    public bool SupportsHistory(HistoryKind kind) => _history is not null && kind is HistoryKind.Trades or HistoryKind.Quotes;

    public HttpRequestSpec BuildHistoryRequest(HistoryRequest request, VenueCredentials? credentials)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!SupportsHistory(request.Kind))
            throw new ArgumentException($"this lane has no {request.Kind} history", nameof(request));
        if (request.End < request.Start)
            throw new ArgumentException("end is before start", nameof(request));
        var q = new StringBuilder();
        AddSymbols(q, request.Symbols);
        Add(q, "start", request.Start.ToString());
        // No end: the venue's now decides where the page chain ends (the host deduplicates what the stream also sends).
        if (request.End is { } end) Add(q, "end", end.ToString());
        // Gap repair reads forward, so pages come oldest first.
        AddPaging(q, request.Limit, request.PageToken, descending: false, _history!.ExtraQuery ?? []);
        var uri = request.Kind == HistoryKind.Trades ? _history.Trades : _history.Quotes;
        return Spec(uri, q, credentials);
    }

    public HistoryPage DecodeHistoryPage(HistoryKind kind, ReadOnlySpan<byte> body)
    {
        switch (kind)
        {
            case HistoryKind.Trades:
                var trades = RestPageDecoder.Decode(body, RestItemKinds.Trades, Canonical);
                return new HistoryPage(trades.Items, [], trades.NextPageToken, trades.Errors);
            case HistoryKind.Quotes:
                var quotes = RestPageDecoder.Decode(body, RestItemKinds.Quotes, Canonical);
                return new HistoryPage([], quotes.Items, quotes.NextPageToken, quotes.Errors);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a history kind");
        }
    }

    private string Canonical(string symbol) => _codec?.Canonicalize(symbol).Symbol ?? symbol;

    private static void AddSymbols(StringBuilder q, IReadOnlyList<string>? symbols)
    {
        if (symbols is null || symbols.Count == 0)
            throw new ArgumentException("at least one symbol is required", "request");
        if (symbols.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("a symbol is empty", "request");
        // Each symbol escaped on its own (BTC/USD → BTC%2FUSD), the separating commas kept.
        Add(q, "symbols", string.Join(",", symbols.Select(Uri.EscapeDataString)), escaped: true);
    }

    private static void AddPaging(StringBuilder q, int? limit, string? pageToken, bool descending,
        IReadOnlyList<KeyValuePair<string, string>> extraQuery)
    {
        Add(q, "limit", Math.Clamp(limit ?? MaxLimit, 1, MaxLimit).ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(pageToken)) Add(q, "page_token", pageToken);
        Add(q, "sort", descending ? "desc" : "asc");
        foreach (var (key, value) in extraQuery) Add(q, key, value);
    }

    private static HttpRequestSpec Spec(Uri endpoint, StringBuilder q, VenueCredentials? credentials)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (credentials is not null)
        {
            // Crypto history is public, but authenticated calls get the account's higher rate limit.
            headers["APCA-API-KEY-ID"] = credentials.KeyId;
            headers["APCA-API-SECRET-KEY"] = credentials.Secret;
        }
        return new HttpRequestSpec(new UriBuilder(endpoint) { Query = q.ToString() }.Uri, headers);
    }

    private static void Add(StringBuilder q, string key, string value, bool escaped = false)
    {
        if (q.Length > 0) q.Append('&');
        q.Append(key).Append('=').Append(escaped ? value : Uri.EscapeDataString(value));
    }
}
