namespace Alpaca.Shared;

/// <summary>
/// The storage-safe symbol shape every market shares: <c>^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$</c> after trimming.
/// Downstream SQL interpolates symbols, so this check is the injection guard; it is hand-written (no Regex) to stay cheap.
/// </summary>
internal static class SymbolText
{
    public const int MaxLength = 32;

    /// <summary>Trims <paramref name="raw"/> and checks the shared shape; returns null and a reason when it fails.</summary>
    public static string? Check(string? raw, out string? error)
    {
        error = null;
        if (raw is null) { error = "symbol is null"; return null; }
        var s = raw.Trim();
        if (s.Length == 0) { error = "symbol is empty"; return null; }
        if (s.Length > MaxLength) { error = $"symbol is longer than {MaxLength} characters"; return null; }
        if (!char.IsAsciiLetterOrDigit(s[0])) { error = $"symbol '{Printable(s)}' must start with a letter or digit"; return null; }
        foreach (var c in s)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '/' or '-') continue;
            error = $"symbol '{Printable(s)}' contains a character other than letters, digits, '.', '_', '/' or '-'";
            return null;
        }
        return s;
    }

    public static bool IsAlphanumeric(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s)
            if (!char.IsAsciiLetterOrDigit(c)) return false;
        return true;
    }

    // Rejected input is echoed in reasons operators read; keep it short and printable.
    private static string Printable(string s) =>
        new(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
