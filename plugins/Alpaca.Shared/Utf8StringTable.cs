using System.Text;

namespace Alpaca.Shared;

/// <summary>
/// A small bounded cache from UTF-8 bytes to strings, so the same symbol or exchange code arriving thousands of times
/// a second is allocated once. Not thread-safe: one table per endpoint, read by one reader thread.
/// Collisions simply overwrite, which keeps memory bounded for any universe size.
/// </summary>
internal sealed class Utf8StringTable
{
    private const int MaxKeyLength = 64;
    private const int Probes = 4;
    private readonly Entry[] _entries;
    private readonly int _mask;
    private readonly Func<string, string>? _transform;

    /// <param name="capacity">Rounded up to a power of two.</param>
    /// <param name="transform">Applied once per new string (e.g. symbol canonicalization).</param>
    public Utf8StringTable(int capacity, Func<string, string>? transform = null)
    {
        var size = 16;
        while (size < capacity) size <<= 1;
        _entries = new Entry[size];
        _mask = size - 1;
        _transform = transform;
    }

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxKeyLength) return Make(utf8);
        var hash = Hash(utf8);
        var slot = (int)(hash & (uint)_mask);
        for (int p = 0; p < Probes; p++)
        {
            ref var e = ref _entries[(slot + p) & _mask];
            if (e.Key is null)
            {
                e = new Entry(utf8.ToArray(), Make(utf8));
                return e.Value;
            }
            if (e.Key.AsSpan().SequenceEqual(utf8)) return e.Value;
        }
        ref var victim = ref _entries[slot];
        victim = new Entry(utf8.ToArray(), Make(utf8));
        return victim.Value;
    }

    /// <summary>For strings that arrived escaped in JSON (rare): transformed, not cached.</summary>
    public string Get(string text) => _transform is null ? text : _transform(text);

    private string Make(ReadOnlySpan<byte> utf8)
    {
        var s = Encoding.UTF8.GetString(utf8);
        return _transform is null ? s : _transform(s);
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        uint h = 2166136261;
        foreach (var b in bytes) h = (h ^ b) * 16777619;
        return h;
    }

    private readonly record struct Entry(byte[]? Key, string Value);
}
