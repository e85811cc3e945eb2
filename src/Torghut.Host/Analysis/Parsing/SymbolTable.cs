using System.Text;

namespace Torghut.Host.Analysis.Parsing;

/// <summary>
/// Interns symbols straight from UTF-8 bytes: a known symbol costs a transcode into a stack buffer and a lookup, no
/// allocation — per-trade string allocation was the obvious hot-path cost. Bounded by the universe size.
/// </summary>
public sealed class SymbolTable
{
    private readonly Dictionary<string, string> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public SymbolTable() => _lookup = _symbols.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _symbols.Count;

    /// <summary>The interned string for <paramref name="utf8"/>; null if the bytes are not valid UTF-8 or too long.</summary>
    public string? Intern(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > 256) return null;
        Span<char> chars = stackalloc char[256];
        if (!Encoding.UTF8.TryGetChars(utf8, chars, out var n)) return null;
        return Intern(chars[..n]);
    }

    public string Intern(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out var existing)) return existing;
        var s = new string(chars);
        _symbols[s] = s;
        return s;
    }
}
