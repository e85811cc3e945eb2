namespace Torghut.Host.Ingest;

/// <summary>
/// What the lane wants versus what the venue echoed. Upstream was "ready" on any subscription ack; here a lane is
/// subscribed only when every desired symbol appears in the echo on every channel. Symbols refused by a 405 are kept
/// out (the venue keeps its previous set) and reported, not retried in a loop. Not thread-safe: the session locks.
/// </summary>
public sealed class SubscriptionTracker(IReadOnlyList<string> channels)
{
    private readonly HashSet<string> _desired = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _acked = channels.ToDictionary(c => c, _ => new HashSet<string>(StringComparer.Ordinal));
    private readonly Dictionary<string, string> _rejected = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Channels => channels;
    public IReadOnlyCollection<string> Desired => _desired;
    public IReadOnlyDictionary<string, string> Rejected => _rejected;

    /// <summary>The symbols of the last subscribe request, to attribute a 405 to.</summary>
    public IReadOnlyList<string> LastRequested { get; private set; } = [];

    public bool HasAck { get; private set; }

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

    public void Requested(IReadOnlyList<string> symbols) => LastRequested = symbols;

    /// <summary>A new connection starts with nothing subscribed (the venue keeps no state across connections).</summary>
    public void ResetConnection()
    {
        foreach (var set in _acked.Values) set.Clear();
        HasAck = false;
        LastRequested = [];
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

    /// <summary>After a 405: the last request's symbols that the venue does not list are refused.</summary>
    public IReadOnlyList<string> RejectLastRequest(string reason)
    {
        var refused = LastRequested.Where(s => !IsAckedEverywhere(s)).ToList();
        foreach (var s in refused) _rejected[s] = reason;
        LastRequested = [];
        return refused;
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
