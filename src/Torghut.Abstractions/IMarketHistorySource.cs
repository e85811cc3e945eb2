namespace Torghut.Abstractions;

/// <summary>Which kind of history a <see cref="HistoryRequest"/> asks for.</summary>
public enum HistoryKind
{
    /// <summary>Individual trades.</summary>
    Trades,
    /// <summary>Top-of-book quotes.</summary>
    Quotes,
}

/// <summary>
/// One page request for historical trades or quotes. Keep every field but <see cref="PageToken"/> unchanged across
/// pages. The host treats <see cref="Start"/> as inclusive and <see cref="End"/> as exclusive and drops anything a
/// page returns outside that range, so a venue whose <c>end</c> is inclusive needs no adjustment. A null
/// <see cref="End"/> means "up to the venue's now": send no end (the venue's clock decides, not the host's).
/// </summary>
/// <param name="Symbols">Canonical symbols.</param>
/// <param name="Kind">Trades or quotes.</param>
/// <param name="Start">Inclusive start.</param>
/// <param name="End">Exclusive end; null: up to the venue's now (omit the parameter).</param>
/// <param name="Limit">Page size (the venue's maximum applies).</param>
/// <param name="PageToken">The previous page's next-page token; null for the first page.</param>
public sealed record HistoryRequest(
    IReadOnlyList<string> Symbols,
    HistoryKind Kind,
    NanoTimestamp Start,
    NanoTimestamp? End,
    int? Limit = null,
    string? PageToken = null);

/// <summary>One decoded page of historical trades or quotes, oldest first per symbol.</summary>
/// <param name="Trades">The trades (empty for a quotes page), symbol filled in from the response.</param>
/// <param name="Quotes">The quotes (empty for a trades page), symbol filled in from the response.</param>
/// <param name="NextPageToken">The token for the next page; null on the last page.</param>
/// <param name="Errors">Elements that could not be decoded (skipped, counted by the host).</param>
public sealed record HistoryPage(
    IReadOnlyList<Trade> Trades,
    IReadOnlyList<Quote> Quotes,
    string? NextPageToken,
    IReadOnlyList<DecodeError> Errors);

/// <summary>
/// Optional capability (contract 1.1): a venue's historical trades and quotes, which the host reads to repair holes
/// in what a lane's stream delivered (reconnects, restarts, transport outages). The host discovers it by testing the
/// object a plugin returns from <see cref="IVenuePlugin.CreateBackfill"/>; a plugin without it still loads and gets
/// bar-only repair. Like <see cref="IBackfillSource"/>, it builds requests and decodes bodies: the host sends them,
/// paces, retries and publishes. Stateless and thread-safe.
/// </summary>
public interface IMarketHistorySource
{
    /// <summary>The largest page size the venue accepts for trades and quotes.</summary>
    int MaxHistoryPageSize { get; }

    /// <summary>True when the venue keeps this kind of history for the lane's market.</summary>
    bool SupportsHistory(HistoryKind kind);

    /// <summary>Builds the request for one page.</summary>
    /// <param name="request">What to fetch.</param>
    /// <param name="credentials">Credentials, when the venue wants them.</param>
    /// <exception cref="ArgumentException">The request has no symbols, an unsupported kind or a value the venue cannot take.</exception>
    HttpRequestSpec BuildHistoryRequest(HistoryRequest request, VenueCredentials? credentials);

    /// <summary>
    /// Decodes one response body of <paramref name="kind"/>. Unknown fields are ignored; an undecodable item is
    /// reported in <see cref="HistoryPage.Errors"/> and skipped.
    /// </summary>
    /// <exception cref="FormatException">The body is not a page of that kind at all (the host counts and retries).</exception>
    HistoryPage DecodeHistoryPage(HistoryKind kind, ReadOnlySpan<byte> body);
}
