using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest.Backfill;

/// <summary>
/// The venue has no replay: what a disconnect misses is gone from the stream. After the first ready session this
/// fetches the lookback (BARS_BACKFILL_LOOKBACK_HOURS, 12); after every later reconnect, exactly the gap per symbol
/// (last live bar + 1 minute → the venue's now). Runs beside the session, never in its read loop; one run at a time.
/// </summary>
public sealed class GapBackfill(
    LanePlan plan,
    VenueCredentials credentials,
    IRecordPublisher publisher,
    EnvelopeWriter envelopes,
    IConfiguration configuration,
    HttpClient http,
    ILogger logger,
    LiveBarLedger ledger,
    CancellationToken stopping)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private readonly object _gate = new();
    private readonly Dictionary<string, NanoTimestamp> _lastBar = new(StringComparer.Ordinal);
    private Task _completion = Task.CompletedTask;

    public Task Completion { get { lock (_gate) return _completion; } }

    /// <summary>Totals over every backfill of this lane.</summary>
    public BackfillStats Stats { get; } = new();

    private bool Enabled => !string.Equals(configuration["ENABLE_BARS_BACKFILL"], "false", StringComparison.OrdinalIgnoreCase);

    private TimeSpan Lookback =>
        TimeSpan.FromHours(double.TryParse(configuration["BARS_BACKFILL_LOOKBACK_HOURS"], System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0 ? h : 12);

    public Task OnSessionReady(IReadOnlyDictionary<string, NanoTimestamp> liveLastBars, IReadOnlyList<string> symbols)
    {
        if (!Enabled || plan.Backfill is null || symbols.Count == 0) return Task.CompletedTask;
        var lookbackStart = NanoTimestamp.FromDateTimeOffset(DateTimeOffset.UtcNow - Lookback);
        var starts = new Dictionary<string, NanoTimestamp>(StringComparer.Ordinal);
        lock (_gate)
        {
            foreach (var (symbol, t) in liveLastBars)
                if (!_lastBar.TryGetValue(symbol, out var known) || t > known) _lastBar[symbol] = t;
            foreach (var symbol in symbols)
                starts[symbol] = _lastBar.TryGetValue(symbol, out var last) ? last.AddNanoseconds(60_000_000_000L) : lookbackStart;
            _completion = _completion.ContinueWith(_ => RunAsync(starts), TaskScheduler.Default).Unwrap();
        }
        return Task.CompletedTask;
    }

    private async Task RunAsync(IReadOnlyDictionary<string, NanoTimestamp> starts)
    {
        await _oneAtATime.WaitAsync(stopping);
        try
        {
            var backfiller = new BarBackfiller(plan.Backfill!, credentials, http, bar => envelopes.Bar(bar, EnvelopeSource.Rest), publisher, logger, stats: Stats)
            {
                AlreadyPublished = ledger.Contains,
                Progress = (symbol, last) =>
                {
                    if (last is not { } t) return;
                    lock (_gate) if (!_lastBar.TryGetValue(symbol, out var known) || t > known) _lastBar[symbol] = t;
                },
            };
            logger.LogInformation("lane {Lane}: backfilling {Count} symbols from {Earliest}", plan.Name, starts.Count, starts.Values.Min());
            await backfiller.RunAsync(starts, null, stopping);
            logger.LogInformation("lane {Lane}: backfill done: {Stats}", plan.Name, backfiller.Stats);
        }
        catch (OperationCanceledException) { }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
