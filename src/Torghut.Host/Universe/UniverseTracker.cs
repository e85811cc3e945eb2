using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Universe.Symbols;

namespace Torghut.Host.Universe;

/// <summary>
/// A lane's desired symbols. Starts from the configured list; with a symbols URL, polls it and keeps the last-known
/// list on an error, a timeout or an EMPTY list (upstream's 2026-03-02 incident: an empty Jangar table wiped the
/// subscription). Without a symbols URL but with the host's own symbol store, the store is the universe: seeded with the
/// configured list on first run, then read on every poll under the same rules, so an edit in the dashboard reaches the
/// lane as a diff. Every symbol goes through the lane's codec; refused ones are dropped with a reason.
/// </summary>
public sealed class UniverseTracker(
    string lane,
    ISymbolCodec codec,
    IReadOnlyList<string> initial,
    UniverseOptions options,
    HttpClient http,
    ILogger logger,
    Func<bool>? enabled = null,
    ISymbolStore? store = null,
    string? assetClass = null)
{
    private readonly ISymbolStore? _store = options.SymbolsUrl is null ? store : null;
    private IReadOnlyList<string> _lastKnown = initial;

    public long FetchSuccesses { get; private set; }
    public long FetchFailures { get; private set; }
    public string? LastFailure { get; private set; }
    public bool Degraded { get; private set; }
    public IReadOnlyDictionary<string, string> Dropped { get; private set; } = new Dictionary<string, string>();

    /// <summary>The symbols the lane should subscribe now (empty while the universe flag is off).</summary>
    public IReadOnlyList<string> Current => enabled?.Invoke() == false ? [] : _lastKnown;

    /// <summary>Fetches once; returns the resulting desired list.</summary>
    public async Task<IReadOnlyList<string>> RefreshAsync(CancellationToken cancellationToken)
    {
        if (options.SymbolsUrl is null && _store is null) return Current;
        var reason = await TryFetchAsync(cancellationToken);
        if (reason is null)
        {
            FetchSuccesses++;
            Degraded = false;
            LastFailure = null;
        }
        else
        {
            FetchFailures++;
            Degraded = true;
            // Once per change of reason: the local store is read every second, and "all disabled" can last.
            if (reason != LastFailure)
                logger.LogWarning("desired symbols fetch failed; keeping last-known list (lane {Lane}, {Reason}, {Count} symbols kept)", lane, reason, _lastKnown.Count);
            LastFailure = reason;
        }
        return Current;
    }

    /// <summary>Polls until cancelled, calling <paramref name="apply"/> with each resulting desired list.</summary>
    public async Task RunAsync(Action<IReadOnlyList<string>> apply, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval);
        do
        {
            apply(await RefreshAsync(cancellationToken));
        } while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>
    /// First run of the local universe: an asset class with no rows at all (disabled ones count) gets the configured
    /// list, so the dashboard shows what the lane streams. Returns whether it wrote.
    /// </summary>
    public async Task<bool> SeedAsync(CancellationToken cancellationToken)
    {
        if (_store is null || assetClass is null || _lastKnown.Count == 0) return false;
        try
        {
            if ((await _store.ListAsync(assetClass, includeDisabled: true, cancellationToken)).Count > 0) return false;
            await _store.UpsertAsync(_lastKnown, assetClass, enabled: true, cancellationToken);
            return true;
        }
        catch (SymbolStoreException e)
        {
            logger.LogWarning("lane {Lane}: could not seed the symbols store; streaming the configured list ({Error})", lane, e.Message);
            return false;
        }
    }

    private async Task<string?> TryFetchAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
        {
            try
            {
                var rows = await _store.ListAsync(assetClass, includeDisabled: false, cancellationToken);
                return Accept(rows.Select(r => (string?)r.Symbol).ToList());
            }
            catch (SymbolStoreException e) { return $"store_error: {e.Message}"; }
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.FetchTimeout);
        SymbolsResponse? body;
        try
        {
            using var response = await http.GetAsync(options.SymbolsUrl, timeout.Token);
            if (!response.IsSuccessStatusCode) return $"fetch_error: HTTP {(int)response.StatusCode}";
            body = await response.Content.ReadFromJsonAsync<SymbolsResponse>(JsonOptions, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"fetch_error: timed out after {options.FetchTimeout.TotalMilliseconds:0} ms";
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            return $"fetch_error: {e.Message}";
        }
        if (body?.Symbols is null) return "fetch_error: response has no 'symbols' list";
        return Accept(body.Symbols);
    }

    /// <summary>Canonicalizes through the lane's codec; null when the list replaced the last-known one.</summary>
    private string? Accept(List<string?> symbols)
    {
        var accepted = new List<string>();
        var dropped = new Dictionary<string, string>();
        foreach (var raw in symbols)
        {
            var result = codec.Canonicalize(raw);
            if (result.IsValid) { if (!accepted.Contains(result.Symbol!)) accepted.Add(result.Symbol!); }
            else dropped[raw ?? "(null)"] = result.Error ?? "rejected";
        }
        foreach (var (symbol, why) in dropped) logger.LogWarning("lane {Lane}: universe symbol {Symbol} dropped: {Reason}", lane, symbol, why);
        Dropped = dropped;
        if (accepted.Count == 0) return symbols.Count == 0 ? "empty_result" : "empty_result: no valid symbols";
        _lastKnown = accepted;
        return null;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record SymbolsResponse(List<string?>? Symbols);
}
