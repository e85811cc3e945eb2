using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Torghut.Host.Ingest;

/// <summary>
/// Writes doubles the way the upstream (Kotlin) forwarder did as far as a JSON parser can tell: shortest round-trip
/// digits, and a whole number keeps a trailing <c>.0</c> (<c>"v":40211.0</c>). That matters to Python consumers,
/// which read <c>40211</c> as an int but <c>40211.0</c> as a float.
/// </summary>
internal static class JsonNumbers
{
    public static void WriteDouble(Utf8JsonWriter writer, JsonEncodedText name, double value)
    {
        writer.WritePropertyName(name);
        WriteDoubleValue(writer, value);
    }

    public static void WriteDoubleValue(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), "non-finite numbers cannot be written to an envelope");
        Span<byte> buffer = stackalloc byte[40];
        if (!value.TryFormat(buffer, out var n, "R", CultureInfo.InvariantCulture)) throw new FormatException("double did not fit");
        if (buffer[..n].IndexOfAny((byte)'.', (byte)'E', (byte)'e') < 0 && n + 2 <= buffer.Length)
        {
            buffer[n++] = (byte)'.';
            buffer[n++] = (byte)'0';
        }
        writer.WriteRawValue(buffer[..n], skipInputValidation: true);
    }
}
