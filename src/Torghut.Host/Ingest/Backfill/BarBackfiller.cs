using System.Net;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest.Backfill;

/// <summary>
/// Fetches 1-minute bars through a lane plugin's <see cref="IBackfillSource"/> and publishes them as
/// <c>source=rest</c> envelopes. One page chain per symbol, so a page that stays malformed can be skipped by restarting
/// the chain after the last good bar instead of losing the rest. 429 waits for the venue's reset time; 5xx and
/// timeouts retry with backoff; a repeated page token ends the chain (a venue bug must not loop forever).
/// </summary>
public sealed class BarBackfiller(
    IBackfillSource source,
    VenueCredentials? credentials,
    HttpClient http,
    Func<Bar, TransportRecord> envelope,
    IRecordPublisher publisher,
    ILogger logger,
    BackfillOptions? options = null,
    BackfillStats? stats = null)
{
    private readonly BackfillOptions _options = options ?? new BackfillOptions();
    private PageFetcher? _pageFetcher;
    private PageFetcher _fetcher => _pageFetcher ??= new PageFetcher(http, credentials, logger, _options, Stats);

    /// <summary>Counts of this run (or of a lane's runs, when the lane passes its own).</summary>
    public BackfillStats Stats { get; } = stats ?? new();

    /// <summary>True for a REST bar the record already holds as it is (e.g. the live bar of that minute): not re-published.</summary>
    public Func<Bar, bool>? AlreadyPublished { get; init; }

    /// <summary>Called with each bar published (e.g. to record it as the minute's latest version).</summary>
    public Action<Bar>? Published { get; init; }

    /// <summary>Called after each page with the symbol and the latest bar time reached.</summary>
    public Action<string, NanoTimestamp?>? Progress { get; init; }

    /// <summary>Backfills each symbol from its start (inclusive) to <paramref name="end"/> (null: the venue's now).</summary>
    public async Task RunAsync(IReadOnlyDictionary<string, NanoTimestamp> startPerSymbol, NanoTimestamp? end, CancellationToken cancellationToken)
    {
        foreach (var (symbol, start) in startPerSymbol.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            try { await SymbolAsync(symbol, start, end, cancellationToken); }
            catch (BackfillException e)
            {
                Stats.SymbolFailed();
                logger.LogError("backfill of {Symbol} stopped: {Reason}", symbol, e.Message);
            }
        }
    }

    /// <summary>Backfills one symbol from <paramref name="start"/> (inclusive) to <paramref name="end"/> (null: the venue's now).</summary>
    /// <exception cref="BackfillException">The venue failed the symbol (counted by the caller).</exception>
    public async Task SymbolAsync(string symbol, NanoTimestamp start, NanoTimestamp? end, CancellationToken cancellationToken)
    {
        string? token = null;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        NanoTimestamp? last = null;
        var malformedInARow = 0;
        while (true)
        {
            var request = new BarsRequest([symbol], BarTimeframe.OneMinute, start, end, Math.Min(_options.PageSize ?? source.MaxPageSize, source.MaxPageSize), token);
            BarsPage page;
            try
            {
                page = await FetchPageAsync(request, cancellationToken);
                malformedInARow = 0;
            }
            catch (FormatException e)
            {
                Stats.Malformed();
                logger.LogWarning("backfill {Symbol}: malformed page ({Reason})", symbol, e.Message);
                if (++malformedInARow <= _options.MaxAttempts) continue; // often transient: ask for the same page again
                // Fail the symbol visibly rather than skip a window: a hole stays a hole, and the next run retries it.
                throw new BackfillException($"page stayed malformed after {malformedInARow} attempts ({e.Message})");
            }
            Stats.Page();
            Stats.Errors(page.Errors.Count);
            var pageHasWrongTimeframe = PageHygiene.WrongTimeframe(page.Bars, request.Timeframe);
            foreach (var bar in page.Bars.OrderBy(b => b.Timestamp))
            {
                // A page is the venue's word only for what was asked: anything else is a server or proxy fault.
                var rejected = pageHasWrongTimeframe ? "wrong_timeframe"
                    : bar.Symbol != symbol ? "foreign_symbol"
                    : bar.Timestamp < request.Start || (end is { } e3 && bar.Timestamp > e3) ? "out_of_range"
                    : null;
                if (rejected is not null)
                {
                    Stats.Rejected(rejected);
                    continue;
                }
                last = last is null || bar.Timestamp > last ? bar.Timestamp : last;
                if (AlreadyPublished?.Invoke(bar) == true)
                {
                    Stats.Seen();
                    continue;
                }
                await publisher.PublishAsync(envelope(bar), cancellationToken);
                Published?.Invoke(bar);
                Stats.Bar();
            }
            Progress?.Invoke(symbol, last);
            if (page.NextPageToken is null) return;
            if (!seenTokens.Add(page.NextPageToken)) throw new BackfillException($"venue repeated page token '{page.NextPageToken}'");
            token = page.NextPageToken;
        }
    }

    private async Task<BarsPage> FetchPageAsync(BarsRequest request, CancellationToken cancellationToken) =>
        source.DecodePage(await _fetcher.GetAsync(c => source.BuildRequest(request, c), cancellationToken));
}

public sealed record BackfillOptions
{
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxAttempts { get; init; } = 5;
    /// <summary>Bars per page (default: the venue's maximum).</summary>
    public int? PageSize { get; init; }
    /// <summary>429s in a row after which a symbol is given up for this run (retried at the next one).</summary>
    public int RateLimitedGiveUp { get; init; } = 20;
    /// <summary>Longest wait a 429's reset header may impose.</summary>
    public TimeSpan RateLimitedMaxWait { get; init; } = TimeSpan.FromMinutes(2);
}

public class BackfillException(string message) : Exception(message);
