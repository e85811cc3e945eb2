using System.Net;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;

namespace Torghut.Host.Ingest.Backfill;

/// <summary>
/// GETs one history page as a plugin built it. 5xx, timeouts and connection errors retry with capped exponential
/// backoff up to <see cref="BackfillOptions.MaxAttempts"/>; 429 waits for the venue's reset (Retry-After or
/// X-Ratelimit-Reset) or, without one, backs off to <see cref="BackfillOptions.RetryMax"/>, and gives up after
/// <see cref="BackfillOptions.RateLimitedGiveUp"/> 429s in a row so a venue that keeps refusing cannot hold a repair
/// forever (the caller counts it and tries again at its next run). Other 4xx fail at once. Headers may hold
/// credentials: they are sent, never logged.
/// </summary>
public sealed class PageFetcher(HttpClient http, VenueCredentials? credentials, ILogger logger, BackfillOptions options, BackfillStats stats)
{
    public async Task<byte[]> GetAsync(Func<VenueCredentials?, HttpRequestSpec> build, CancellationToken cancellationToken)
    {
        var delay = options.RetryBase;
        var limitedDelay = options.RetryBase;
        var limitedInARow = 0;
        for (var attempt = 1; ; attempt++)
        {
            var spec = build(credentials);
            using var message = new HttpRequestMessage(HttpMethod.Get, spec.Uri);
            foreach (var (k, v) in spec.Headers) message.Headers.TryAddWithoutValidation(k, v);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.RequestTimeout);
            string? failure;
            try
            {
                using var response = await http.SendAsync(message, timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK) return await response.Content.ReadAsByteArrayAsync(timeout.Token);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    stats.Limited();
                    if (++limitedInARow >= options.RateLimitedGiveUp)
                        throw new RateLimitedException($"rate limited {limitedInARow} times in a row; giving up until the next run");
                    var wait = RateLimitWait(response) ?? limitedDelay;
                    limitedDelay = TimeSpan.FromTicks(Math.Min(limitedDelay.Ticks * 2, options.RetryMax.Ticks));
                    logger.LogWarning("history request rate limited ({Count} in a row); waiting {Wait}", limitedInARow, wait);
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
                failure = $"timed out after {options.RequestTimeout.TotalSeconds:0.#} s";
            }
            catch (HttpRequestException e)
            {
                failure = e.Message;
            }
            limitedInARow = 0;
            if (attempt >= options.MaxAttempts) throw new BackfillException($"{failure} after {attempt} attempts");
            stats.Retry();
            logger.LogWarning("history request: {Failure}; retry {Attempt} in {Delay}", failure, attempt, delay);
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, options.RetryMax.Ticks));
        }
    }

    private TimeSpan? RateLimitWait(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta) return Clamp(delta);
        if (response.Headers.TryGetValues("X-Ratelimit-Reset", out var values) && long.TryParse(values.FirstOrDefault(), out var reset))
            return Clamp(DateTimeOffset.FromUnixTimeSeconds(reset) - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(100));
        return null;
    }

    private TimeSpan Clamp(TimeSpan wait) =>
        wait < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait > options.RateLimitedMaxWait ? options.RateLimitedMaxWait : wait;

    private static async Task<string> Body(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        return text.Length > 200 ? text[..200] : text;
    }
}

/// <summary>The venue kept answering 429 past <see cref="BackfillOptions.RateLimitedGiveUp"/>.</summary>
public sealed class RateLimitedException(string message) : BackfillException(message);
