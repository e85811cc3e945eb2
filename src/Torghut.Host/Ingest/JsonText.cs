using System.Buffers;
using System.Text.Json;

namespace Torghut.Host.Ingest;

/// <summary>
/// JSON string values for the hand-written envelope: byte-for-byte what <see cref="Utf8JsonWriter"/> (default
/// encoder) writes. Which ASCII characters pass unescaped is asked of Utf8JsonWriter itself once, so the fast path can
/// never disagree with it; anything else (escapes, non-ASCII) is written by Utf8JsonWriter.
/// </summary>
internal static class JsonText
{
    private static readonly bool[] Verbatim = BuildVerbatim();

    /// <summary>Writes <c>"value"</c> when every character is ASCII that Utf8JsonWriter leaves as is; false otherwise.</summary>
    public static bool TryWriteAsciiQuoted(string value, Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < value.Length + 2) return false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 128 || !Verbatim[c]) return false;
            destination[i + 1] = (byte)c;
        }
        destination[0] = (byte)'"';
        destination[value.Length + 1] = (byte)'"';
        written = value.Length + 2;
        return true;
    }

    /// <summary><c>"value"</c> escaped by Utf8JsonWriter (the slow path, for text that needs escaping).</summary>
    public static byte[] Quoted(string value)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
            writer.WriteStringValue(value);
        return buffer.WrittenSpan.ToArray();
    }

    private static bool[] BuildVerbatim()
    {
        var table = new bool[128];
        for (var c = 0; c < 128; c++)
        {
            var quoted = Quoted(((char)c).ToString());
            table[c] = quoted.Length == 3 && quoted[1] == c;
        }
        return table;
    }
}
