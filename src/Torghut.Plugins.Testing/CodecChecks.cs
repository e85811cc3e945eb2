using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>Symbols are keys everywhere downstream: one canonical form, stable, and nothing odd let through.</summary>
internal static class CodecChecks
{
    private const string Check = ConformanceChecks.Codec;

    /// <summary>Inputs no venue's symbol can be. Each is refused with a reason.</summary>
    public static readonly IReadOnlyList<string?> Garbage =
    [
        null, "", " ", "\t\n", "\u0000", "AB\u0000C", "BTC\n/USD", "AA\rPL", "\u0007",
        new string('A', 40), new string('A', 20) + "/" + new string('B', 19),
        "AAPL'; DROP TABLE bars;--", "' OR '1'='1", "BTC/USD;--", "../../etc/passwd", "<script>alert(1)</script>",
        "BTC/USD\u200B", "\uFF21\uFF21\uFF30\uFF2C", "\U0001F680/USD", "%00", "A B",
    ];

    public static void Run(ISymbolCodec codec, ConformanceSamples samples, Findings f)
    {
        if (samples.ValidSymbols.Count == 0)
            f.Add(Check, "no valid sample symbols: set ConformanceSamples.ValidSymbols");
        foreach (var raw in samples.ValidSymbols)
        {
            var result = Canonicalize(codec, raw, f);
            if (result is not { IsValid: true, Symbol: { } canonical })
            {
                f.Add(Check, $"valid sample '{raw}' was rejected: {result?.Error}");
                continue;
            }
            if (canonical.Length == 0 || canonical.Trim() != canonical || canonical.Any(char.IsControl))
                f.Add(Check, $"canonical form of '{raw}' is '{canonical}', which is empty, padded or has control characters");
            var again = Canonicalize(codec, canonical, f);
            if (again?.Symbol != canonical)
                f.Add(Check, $"canonical form '{canonical}' is not a fixed point (it canonicalizes to '{again?.Symbol ?? again?.Error}')");
            var broker = f.Guard(Check, $"ToBrokerForm('{canonical}')", () => codec.ToBrokerForm(canonical));
            if (broker is null) continue;
            if (string.IsNullOrWhiteSpace(broker)) f.Add(Check, $"broker form of '{canonical}' is empty");
            else if (f.Guard(Check, $"ToBrokerForm('{canonical}') twice", () => codec.ToBrokerForm(canonical)) != broker)
                f.Add(Check, $"broker form of '{canonical}' is not stable");
            // The broker form is what positions and orders come back with; if the codec reads it, it must read it
            // back as the same instrument.
            else if (Canonicalize(codec, broker, f) is { IsValid: true, Symbol: { } back } && back != canonical)
                f.Add(Check, $"broker form '{broker}' of '{canonical}' canonicalizes to another symbol '{back}'");
        }
        foreach (var raw in Garbage.Concat(samples.InvalidSymbols))
        {
            var result = Canonicalize(codec, raw, f);
            if (result is null) continue;
            if (result.Value.IsValid)
                f.Add(Check, $"garbage {Show(raw)} was accepted as '{result.Value.Symbol}'");
            else if (string.IsNullOrWhiteSpace(result.Value.Error))
                f.Add(Check, $"garbage {Show(raw)} was rejected without a reason");
        }
    }

    private static SymbolResult? Canonicalize(ISymbolCodec codec, string? raw, Findings f)
    {
        try { return codec.Canonicalize(raw); }
        catch (Exception e)
        {
            f.Add(Check, $"Canonicalize({Show(raw)}) threw {e.GetType().Name}: {e.Message}");
            return null;
        }
    }

    private static string Show(string? raw) =>
        raw is null ? "null" : "\"" + string.Concat(raw.Select(c => char.IsControl(c) || c > 126 ? $"\\u{(int)c:X4}" : c.ToString())) + "\"";
}
