using Microsoft.Extensions.Logging;

namespace Torghut.Host.Ingest;

/// <summary>
/// Subscribe requests and the venue's refusals. Alpaca refuses a whole subscribe request (405 over the symbol limit,
/// 400 for a symbol it cannot read) and keeps its set as it was, so a refused request of several symbols is retried
/// in halves until every symbol that fits is subscribed and each refused one is named (ADR 0014).
/// </summary>
public sealed partial class FeedSession
{
    private DateTime _refusedAt;
    // Set once a single symbol got a 405: the set is full, so later refused requests are not split any further.
    private bool _limitReached;

    private void SubscribeLocked(IReadOnlyList<string> symbols) => SendLocked(true, symbols);

    private void UnsubscribeLocked(IReadOnlyList<string> symbols) => SendLocked(false, symbols);

    /// <summary>One message per chunk, each tracked, so the venue's answer (echo or error) is pinned on its symbols.</summary>
    private void SendLocked(bool subscribe, IReadOnlyList<string> symbols)
    {
        var size = Math.Max(1, _feed.MaxSymbolsPerMessage);
        for (var start = 0; start < symbols.Count; start += size)
        {
            var chunk = symbols.Skip(start).Take(size).ToList();
            _tracker.Sent(new SubscriptionRequest(subscribe, chunk));
            Enqueue(subscribe ? _feed.BuildSubscribeMessages(_tracker.Channels, chunk) : _feed.BuildUnsubscribeMessages(_tracker.Channels, chunk));
        }
    }

    /// <summary>
    /// A 405 or 400 answering a subscribe: split it, or refuse its symbol. False when no subscribe was in flight
    /// (the error answers something else).
    /// </summary>
    private bool RefusedLocked(string error, string reason)
    {
        if (_tracker.Answered() is not { Subscribe: true } request) return false;
        var symbols = request.Symbols;
        var full = reason == SubscriptionTracker.SymbolLimitReason && _limitReached;
        if (symbols.Count > 1 && !full)
        {
            _logger.LogWarning("lane {Lane}: {Error} refused a subscribe of {Count} symbols ({Symbols}); trying them in halves",
                _lane, error, symbols.Count, string.Join(",", symbols.Take(20)) + (symbols.Count > 20 ? ",…" : ""));
            var half = symbols.Count / 2;
            SubscribeLocked(symbols.Take(half).ToList());
            SubscribeLocked(symbols.Skip(half).ToList());
            return true;
        }
        if (reason == SubscriptionTracker.SymbolLimitReason) _limitReached = true;
        var refused = _tracker.Refuse(symbols, reason);
        _refusedAt = DateTime.UtcNow;
        _logger.LogError("lane {Lane}: {Error}; kept the subscribed set, refused: {Symbols} (tried again after a universe change, a reconnect or {Retry})",
            _lane, error, string.Join(",", refused), _options.RefusedRetry);
        if (_tracker.Missing().Count == 0) MarkReadyLocked();
        return true;
    }

    private void RetryRefusedLocked(string why)
    {
        _limitReached = false;
        var again = _tracker.ClearRefused();
        if (again.Count == 0) return;
        _logger.LogInformation("lane {Lane}: {Why}; subscribing the refused symbols again: {Symbols}", _lane, why, string.Join(",", again));
        SubscribeLocked(again);
    }

    private string RefusedProblem()
    {
        string List(string reason) => string.Join(",", _tracker.Rejected.Where(kv => kv.Value == reason).Select(kv => kv.Key).Order(StringComparer.Ordinal));
        var parts = new List<string>(2);
        if (List(SubscriptionTracker.SymbolLimitReason) is { Length: > 0 } limited) parts.Add($"symbol limit exceeded; not subscribed: {limited}");
        if (List(SubscriptionTracker.InvalidSymbolReason) is { Length: > 0 } invalid) parts.Add($"refused as invalid (400); not subscribed: {invalid}");
        return string.Join("; ", parts);
    }
}
