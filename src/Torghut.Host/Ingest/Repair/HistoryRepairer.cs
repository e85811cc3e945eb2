using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Ingest.Backfill;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest.Repair;

/// <summary>
/// Repairs one symbol's hole in one channel from the venue's trade or quote history: pages through [start, end),
/// drops what the page was not asked for (another symbol, a time outside the window: counted by reason) and publishes,
/// in event-time order, only what the lane has not published (by venue identity), with <c>source:"rest"</c>. A page
/// that stays malformed or a venue that keeps answering 429 fails the symbol (counted; the hole stays open).
/// </summary>
public sealed class HistoryRepairer(
    IMarketHistorySource source,
    PageFetcher fetcher,
    IRecordPublisher publisher,
    EnvelopeWriter envelopes,
    BackfillStats stats,
    BackfillOptions options,
    ILogger logger)
{
    /// <returns>Items published and items skipped as already published.</returns>
    public async Task<(long Published, long Skipped)> RepairAsync(HistoryKind kind, string symbol, NanoTimestamp start, NanoTimestamp? end,
        PublishedEvents published, CancellationToken cancellationToken)
    {
        long count = 0, skipped = 0;
        string? token = null;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        var malformedInARow = 0;
        while (true)
        {
            var request = new HistoryRequest([symbol], kind, start, end, Math.Min(options.PageSize ?? source.MaxHistoryPageSize, source.MaxHistoryPageSize), token);
            HistoryPage page;
            try
            {
                page = source.DecodeHistoryPage(kind, await fetcher.GetAsync(c => source.BuildHistoryRequest(request, c), cancellationToken));
                malformedInARow = 0;
            }
            catch (FormatException e)
            {
                stats.Malformed();
                logger.LogWarning("repair {Symbol} {Kind}: malformed page ({Reason})", symbol, kind, e.Message);
                if (++malformedInARow <= options.MaxAttempts) continue;
                throw new BackfillException($"page stayed malformed after {malformedInARow} attempts ({e.Message})");
            }
            stats.Page();
            stats.Errors(page.Errors.Count);
            if (kind == HistoryKind.Trades)
            {
                foreach (var t in page.Trades.OrderBy(t => t.Timestamp))
                {
                    if (Rejected(t.Symbol, t.Timestamp, symbol, start, end)) continue;
                    if (!published.TryAdd(symbol, t.Timestamp, EventKey.OfTrade(t))) { skipped++; continue; }
                    await publisher.PublishAsync(envelopes.Trade(t, EnvelopeSource.Rest), cancellationToken);
                    count++;
                }
            }
            else
            {
                foreach (var q in page.Quotes.OrderBy(q => q.Timestamp))
                {
                    if (Rejected(q.Symbol, q.Timestamp, symbol, start, end)) continue;
                    if (!published.TryAdd(symbol, q.Timestamp, EventKey.OfQuote(q))) { skipped++; continue; }
                    await publisher.PublishAsync(envelopes.Quote(q, EnvelopeSource.Rest), cancellationToken);
                    count++;
                }
            }
            if (page.NextPageToken is null) return (count, skipped);
            if (!seenTokens.Add(page.NextPageToken)) throw new BackfillException($"venue repeated page token '{page.NextPageToken}'");
            token = page.NextPageToken;
        }
    }

    /// <summary>A page is the venue's word only for what was asked: anything else is a server or proxy fault.</summary>
    private bool Rejected(string itemSymbol, NanoTimestamp t, string symbol, NanoTimestamp start, NanoTimestamp? end)
    {
        var reason = itemSymbol != symbol ? "foreign_symbol" : t < start || (end is { } e && t >= e) ? "out_of_range" : null;
        if (reason is null) return false;
        stats.Rejected(reason);
        return true;
    }
}
