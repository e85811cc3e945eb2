using System.Text;

namespace Torghut.Host.Analysis.Parsing;

/// <summary>
/// Interns symbols straight from UTF-8 bytes: a known symbol costs a lookup, no allocation — per-trade string
/// allocation was the obvious hot-path cost. Bounded by the universe size. Not thread-safe (one per parser).
/// </summary>
public sealed class SymbolTable
{
    private const int RecentSlots = 256; // a direct-mapped byte cache in front of the dictionary
    private const int MaxRecentLength = 32;
    private readonly Dictionary<string, string> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Recent[] _recent = new Recent[RecentSlots];

    public SymbolTable() => _lookup = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _symbols.Count;

    /// <summary>The interned string for <paramref name="utf8"/>; null if the bytes are not valid UTF-8 or too long.</summary>
    public string? Intern(ReadOnlySpan<byte> utf8)
    {
        // Transcoding and hashing the chars was ~8 % of the TA engine; the same few symbols repeat all day, so their
        // bytes are compared with the cached bytes first. A slot holds only what the slow path returned for those bytes.
        if (utf8.Length is 0 or > MaxRecentLength) return InternSlow(utf8);
        ref var slot = ref _recent[Slot(utf8)];
        if (slot.Utf8 is { } cached && utf8.SequenceEqual(cached)) return slot.Symbol;
        var symbol = InternSlow(utf8);
        if (symbol is not null) slot = new Recent(utf8.ToArray(), symbol);
        return symbol;
    }

    public string Intern(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out var existing)) return existing;
        var s = new string(chars);
        _symbols[s] = s;
        return s;
    }

    private string? InternSlow(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 256) return null;
        Span<char> chars = stackalloc char[256];
        if (!Encoding.UTF8.TryGetChars(utf8, chars, out var n)) return null;
        return Intern(chars[..n]);
    }

    private static int Slot(ReadOnlySpan<byte> utf8)
    {
        uint h = 2166136261;
        foreach (var b in utf8) h = (h ^ b) * 16777619;
        return (int)((h ^ (h >> 16)) & (RecentSlots - 1));
    }

    private readonly record struct Recent(byte[]? Utf8, string Symbol);
}
