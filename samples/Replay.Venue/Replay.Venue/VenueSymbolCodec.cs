using Torghut.Abstractions;

namespace Replay.Venue;

/// <summary>
/// Crypto: <c>BASE/QUOTE</c>, each 2-10 ASCII letters or digits, upper-cased; broker form without the slash.
/// Equity and other: a ticker of 1-10 ASCII letters, digits or dots, upper-cased. Everything else is refused, so
/// nothing odd reaches topic keys or storage.
/// </summary>
public sealed class VenueSymbolCodec(Market market) : ISymbolCodec
{
    /// <inheritdoc />
    public Market Market => market;

    /// <inheritdoc />
    public SymbolResult Canonicalize(string? raw)
    {
        var text = raw?.Trim().ToUpperInvariant() ?? "";
        if (market == Market.Crypto)
            return text.Split('/') is [var b, var q] && Part(b, 2, false) && Part(q, 2, false)
                ? SymbolResult.Ok($"{b}/{q}")
                : SymbolResult.Rejected($"'{raw}' is not BASE/QUOTE (2-10 letters or digits each)");
        return Part(text, 1, true) ? SymbolResult.Ok(text) : SymbolResult.Rejected($"'{raw}' is not a ticker (1-10 letters, digits or dots)");
    }

    /// <inheritdoc />
    public string ToBrokerForm(string canonical) => canonical.Replace("/", "", StringComparison.Ordinal);

    private static bool Part(string s, int min, bool dots) =>
        s.Length >= min && s.Length <= 10 && s.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || (dots && c == '.'));
}
