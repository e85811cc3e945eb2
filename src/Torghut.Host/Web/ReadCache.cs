using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Composition;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Web;

/// <summary>
/// A short server-side cache for the store-backed reads (symbols list, TA rows and freshness): N open dashboards and
/// scripts cost one store query per key and interval, not one each. Concurrent misses share one query; a failed query
/// is not kept, so the next request tries again. Writes through the API call <see cref="Invalidate"/> so a reader sees
/// its own change at once.
/// </summary>
public sealed class ReadCache(WebOptions options) : IHostComponent
{
    public const int DefaultMs = 1000;
    private readonly TimeSpan _ttl = options.ReadCacheTtl;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Lazy: a caller that loses the race to add an entry never starts a query of its own.
    private sealed record Entry(Lazy<Task<object>> Load, DateTime Expires)
    {
        public Task<object> Value => Load.Value;
    }

    // Keys carry request parameters (a symbol, a window): hostile ones must not grow the cache without bound.
    private const int MaxEntries = 1024;

    public async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> load) where T : class
    {
        var now = DateTime.UtcNow;
        if (_entries.Count >= MaxEntries) Sweep(now);
        while (true)
        {
            if (_entries.TryGetValue(key, out var hit) && hit.Expires > now && !hit.Value.IsFaulted && !hit.Value.IsCanceled)
                return (T)await hit.Value;
            // The query is not tied to the first caller's request: its going away must not fail the others waiting.
            var fresh = new Entry(new Lazy<Task<object>>(() => LoadAsync(load)), now + _ttl);
            if (hit is null ? _entries.TryAdd(key, fresh) : _entries.TryUpdate(key, fresh, hit))
            {
                try { return (T)await fresh.Value; }
                catch { _entries.TryRemove(KeyValuePair.Create(key, fresh)); throw; }
            }
        }
    }

    /// <summary>Drops every entry whose key starts with <paramref name="prefix"/>.</summary>
    public void Invalidate(string prefix)
    {
        foreach (var key in _entries.Keys)
            if (key.StartsWith(prefix, StringComparison.Ordinal)) _entries.TryRemove(key, out _);
    }

    private void Sweep(DateTime now)
    {
        foreach (var (key, entry) in _entries)
            if (entry.Expires <= now) _entries.TryRemove(KeyValuePair.Create(key, entry));
        if (_entries.Count >= MaxEntries) _entries.Clear(); // all fresh: a flood of distinct keys, start over
    }

    private static async Task<object> LoadAsync<T>(Func<CancellationToken, Task<T>> load) where T : class =>
        await load(CancellationToken.None);
}
