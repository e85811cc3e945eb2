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

    /// <summary>Counts of this run (or of a lane's runs, when the lane passes its own).</summary>
    public BackfillStats Stats { get; } = stats ?? new();

    /// <summary>Bar minutes already published live (symbol, bar start); REST copies of them are not re-published.</summary>
    public Func<string, NanoTimestamp, bool>? AlreadyPublished { get; init; }

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

    private async Task SymbolAsync(string symbol, NanoTimestamp start, NanoTimestamp? end, CancellationToken cancellationToken)
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
                // Skip past it: restart the chain a window after the last good bar, without a token. The skipped
                // window is lost only if the venue keeps failing for it; it is counted and logged.
                start = (last ?? start).AddNanoseconds(_options.SkipWindow.Ticks * 100);
                token = null;
                malformedInARow = 0;
                if (end is { } e2 && start > e2) return;
                continue;
            }
            Stats.Page();
            Stats.Errors(page.Errors.Count);
            foreach (var bar in page.Bars.OrderBy(b => b.Timestamp))
            {
                if (end is { } e3 && bar.Timestamp > e3) continue;
                last = last is null || bar.Timestamp > last ? bar.Timestamp : last;
                if (AlreadyPublished?.Invoke(bar.Symbol, bar.Timestamp) == true)
                {
                    Stats.Seen();
                    continue;
                }
                await publisher.PublishAsync(envelope(bar), cancellationToken);
                Stats.Bar();
            }
            Progress?.Invoke(symbol, last);
            if (page.NextPageToken is null) return;
            if (!seenTokens.Add(page.NextPageToken)) throw new BackfillException($"venue repeated page token '{page.NextPageToken}'");
            token = page.NextPageToken;
        }
    }

    private async Task<BarsPage> FetchPageAsync(BarsRequest request, CancellationToken cancellationToken)
    {
        var delay = _options.RetryBase;
        for (var attempt = 1; ; attempt++)
        {
            var spec = source.BuildRequest(request, credentials);
            using var message = new HttpRequestMessage(HttpMethod.Get, spec.Uri);
            foreach (var (k, v) in spec.Headers) message.Headers.TryAddWithoutValidation(k, v);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.RequestTimeout);
            string? failure;
            try
            {
                using var response = await http.SendAsync(message, timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                    return source.DecodePage(await response.Content.ReadAsByteArrayAsync(timeout.Token));
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    Stats.Limited();
                    var wait = RateLimitWait(response);
                    logger.LogWarning("backfill: rate limited; waiting {Wait}", wait);
                    await Task.Delay(wait, cancellationToken);
                    attempt--; // a 429 is the venue pacing us, not a failure
                    continue;
                }
                if ((int)response.StatusCode < 500)
                    throw new BackfillException($"HTTP {(int)response.StatusCode} {await Body(response, cancellationToken)}");
                failure = $"HTTP {(int)response.StatusCode}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"timed out after {_options.RequestTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            if (attempt >= _options.MaxAttempts) throw new BackfillException($"{failure} after {attempt} attempts");
            Stats.Retry();
            logger.LogWarning("backfill: {Failure}; retry {Attempt} in {Delay}", failure, attempt, delay);
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMax.Ticks));
        }
    }

    private TimeSpan RateLimitWait(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta) return Clamp(delta);
        if (response.Headers.TryGetValues("X-Ratelimit-Reset", out var values) && long.TryParse(values.FirstOrDefault(), out var reset))
            return Clamp(DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100));
        return _options.RetryMax;
    }

    private TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait > TimeSpan.FromMinutes(2) ? TimeSpan.FromMinutes(2) : wait;

    private static async Task<string> Body(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length > 200 ? text[..200] : text;
    }
}

public sealed record BackfillOptions
{
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(15);
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxAttempts { get; init; } = 5;
    /// <summary>Bars per page (default: the venue's maximum).</summary>
    public int? PageSize { get; init; }
    /// <summary>How far past the last good bar a chain restarts after a page that stays malformed.</summary>
    public TimeSpan SkipWindow { get; init; } = TimeSpan.FromMinutes(60);
}

public sealed class BackfillException(string message) : Exception(message);
