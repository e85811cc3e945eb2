using System.Collections.Concurrent;
using System.Text;

namespace Torghut.Host.Transport;

/// <summary>
/// UTF-8 bytes of record keys. Keys are symbols, a small set, so each is encoded once and the same array is handed
/// to every record with that key. Bounded so a flood of distinct keys cannot grow it without limit.
/// </summary>
public sealed class Utf8KeyCache(int maxEntries = 100_000)
{
    private readonly ConcurrentDictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    /// <summary>The key's UTF-8 bytes. Callers must not modify the returned array: it is shared.</summary>
    public byte[] Get(string key)
    {
        if (_bytes.TryGetValue(key, out var cached)) return cached;
        var bytes = Encoding.UTF8.GetBytes(key);
        if (_bytes.Count < maxEntries) _bytes.TryAdd(key, bytes);
        return bytes;
    }
}
