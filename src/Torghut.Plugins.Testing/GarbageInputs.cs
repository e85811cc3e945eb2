using System.Text;

namespace Torghut.Plugins.Testing;

/// <summary>Inputs no decoder may throw on, and where to cut recorded input.</summary>
internal static class GarbageInputs
{
    private static readonly string[] Texts =
    [
        "", " ", "null", "true", "0", "\"text\"", "{}", "[]", "[null]", "[1,2,3]", "[[]]", "[\"a\",{}]", "{\"a\":",
        "[{\"T\":\"t\"}", "[{]", "}{", "\u0000\u0001", "[{\"S\":null,\"t\":null,\"p\":null}]",
        new string('[', 10_000), "[" + string.Concat(Enumerable.Repeat("{},", 5_000)) + "{}]",
    ];

    public static IEnumerable<(string Name, byte[] Bytes)> Frames(int seed)
    {
        foreach (var t in Texts) yield return ($"'{(t.Length > 40 ? t[..40] + "…" : t)}'", Encoding.UTF8.GetBytes(t));
        yield return ("invalid UTF-8", [0xFF, 0xFE, 0xC3, 0x28, (byte)'[', 0x80]);
        var random = new Random(seed);
        for (int i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            yield return ($"random bytes #{i} (seed {seed})", bytes);
        }
        const string jsonish = "{}[]\":,0123456789.eE-+truefalsnul TSptq";
        for (int i = 0; i < 200; i++)
        {
            var chars = new char[random.Next(1, 120)];
            for (int k = 0; k < chars.Length; k++) chars[k] = jsonish[random.Next(jsonish.Length)];
            yield return ($"JSON-like noise #{i} (seed {seed})", Encoding.UTF8.GetBytes(chars));
        }
    }

    /// <summary>About 40 strict prefix lengths spread over the input (every length for short input).</summary>
    public static IEnumerable<int> CutPoints(int length)
    {
        var step = Math.Max(1, length / 40);
        for (int n = 1; n < length; n += step) yield return n;
        if (length > 1) yield return length - 1;
    }
}
