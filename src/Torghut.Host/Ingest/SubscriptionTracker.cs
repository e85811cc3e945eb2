namespace Torghut.Host.Ingest;

/// <summary>One (un)subscribe message in flight; the venue answers each with exactly one echo or error, in order.</summary>
public sealed record SubscriptionRequest(bool Subscribe, IReadOnlyList<string> Symbols);

/// <summary>
/// What the lane wants versus what the venue echoed. Upstream was "ready" on any subscription ack; here a lane is
/// subscribed only when every desired symbol appears in the echo on every channel. Requests are tracked in flight,
/// so a refusal (405, 400) is pinned on the request it answers, not on whatever was sent last. Symbols the venue
/// refused are kept out and reported, per reason, until the session clears them (universe change, reconnect, or the
/// long retry). Not thread-safe: the session locks.
/// </summary>
public sealed class SubscriptionTracker(IReadOnlyList<string> channels)
{
    public const string SymbolLimitReason = "405 symbol limit exceeded";
    public const string InvalidSymbolReason = "400 invalid syntax";

    private readonly HashSet<string> _desired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _acked = channels.ToDictionary(c => c, _ => new HashSet<string>(StringComparer.Ordinal));
    private readonly Dictionary<string, string> _rejected = new(StringComparer.Ordinal);
    private readonly Queue<SubscriptionRequest> _inFlight = new();

    public IReadOnlyList<string> Channels => channels;
    public IReadOnlyCollection<string> Desired => _desired;
    public IReadOnlyDictionary<string, string> Rejected => _rejected;

    public bool HasAck { get; private set; }

    /// <summary>Subscribe requests sent and not yet answered.</summary>
    public bool SubscribeInFlight => _inFlight.Any(r => r.Subscribe);

    /// <summary>Replaces the desired set; returns what to subscribe and unsubscribe.</summary>
    public (IReadOnlyList<string> Added, IReadOnlyList<string> Removed) SetDesired(IEnumerable<string> symbols)
    {
        var next = new HashSet<string>(symbols, StringComparer.Ordinal);
        var added = next.Where(s => !_desired.Contains(s)).ToList();
        var removed = _desired.Where(s => !next.Contains(s)).ToList();
        _desired.Clear();
        _desired.UnionWith(next);
        foreach (var r in removed) _rejected.Remove(r);
        return (added, removed);
    }

    public void Sent(SubscriptionRequest request) => _inFlight.Enqueue(request);

    /// <summary>The request the venue's next echo or error answers (null when none is in flight).</summary>
    public SubscriptionRequest? Answered() => _inFlight.TryDequeue(out var request) ? request : null;

    /// <summary>
    /// A new connection starts with nothing subscribed and nothing refused: the venue keeps no state across
    /// connections, and a refusal may not hold any more (another session released symbols, the plan changed).
    /// </summary>
    public void ResetConnection()
    {
        foreach (var set in _acked.Values) set.Clear();
        HasAck = false;
        _inFlight.Clear();
        _rejected.Clear();
    }

    public void OnAck(IReadOnlyDictionary<string, IReadOnlyList<string>> echo)
    {
        HasAck = true;
        foreach (var channel in channels)
        {
            var set = _acked[channel];
            set.Clear();
            if (echo.TryGetValue(channel, out var symbols)) set.UnionWith(symbols);
        }
    }

    /// <summary>Marks the symbols refused (those the echo does not already list), returning them.</summary>
    public IReadOnlyList<string> Refuse(IEnumerable<string> symbols, string reason)
    {
        var refused = symbols.Where(s => _desired.Contains(s) && !IsAckedEverywhere(s)).ToList();
        foreach (var s in refused) _rejected[s] = reason;
        return refused;
    }

    /// <summary>Forgets every refusal (to try the symbols again); returns the ones still desired.</summary>
    public IReadOnlyList<string> ClearRefused()
    {
        var again = _rejected.Keys.Where(_desired.Contains).Order(StringComparer.Ordinal).ToList();
        _rejected.Clear();
        return again;
    }

    /// <summary>Desired symbols (not refused) missing from the echo on at least one channel.</summary>
    public IReadOnlyList<string> Missing() =>
        _desired.Where(s => !_rejected.ContainsKey(s) && !IsAckedEverywhere(s)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Acked symbols that are no longer desired (e.g. removed while a request was in flight).</summary>
    public IReadOnlyList<string> Extra() =>
        _acked.Values.SelectMany(s => s).Where(s => s != "*" && !_desired.Contains(s)).Distinct().Order(StringComparer.Ordinal).ToList();

    public bool FullySubscribed => HasAck && Missing().Count == 0 && _rejected.Count == 0;

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Acked =>
        _acked.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Order(StringComparer.Ordinal).ToList());

    private bool IsAckedEverywhere(string symbol) =>
        channels.All(c => _acked[c].Contains(symbol) || _acked[c].Contains("*"));
}
