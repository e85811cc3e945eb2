using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Torghut.Abstractions;

namespace Torghut.AlpacaStream;

/// <summary>
/// Converts one MessagePack value (a client's auth/subscribe map) to JSON, so both encodings share one request
/// parser. Throws <see cref="FormatException"/> on malformed input (answered with 400 invalid syntax).
/// </summary>
internal static class MsgPackToJson
{
    public static byte[] Convert(ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length * 2 + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var pos = 0;
            WriteValue(data, ref pos, writer, 0);
            if (pos != data.Length) throw new FormatException("trailing bytes after msgpack value");
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> d, ref int pos, int n)
    {
        if (n < 0 || pos + n > d.Length) throw new FormatException("truncated msgpack");
        var s = d.Slice(pos, n);
        pos += n;
        return s;
    }

    private static void WriteValue(ReadOnlySpan<byte> d, ref int pos, Utf8JsonWriter w, int depth)
    {
        if (depth > 32) throw new FormatException("msgpack nested too deep");
        var b = Take(d, ref pos, 1)[0];
        switch (b)
        {
            case <= 0x7f: w.WriteNumberValue(b); return;
            case >= 0x80 and <= 0x8f: WriteMap(d, ref pos, w, b & 0x0f, depth); return;
            case >= 0x90 and <= 0x9f: WriteArray(d, ref pos, w, b & 0x0f, depth); return;
            case >= 0xa0 and <= 0xbf: w.WriteStringValue(Utf8(Take(d, ref pos, b & 0x1f))); return;
            case >= 0xe0: w.WriteNumberValue((sbyte)b); return;
        }
        switch (b)
        {
            case 0xc0: w.WriteNullValue(); return;
            case 0xc2: w.WriteBooleanValue(false); return;
            case 0xc3: w.WriteBooleanValue(true); return;
            case 0xc4: w.WriteBase64StringValue(Take(d, ref pos, Take(d, ref pos, 1)[0])); return;
            case 0xc5: w.WriteBase64StringValue(Take(d, ref pos, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)))); return;
            case 0xc6: w.WriteBase64StringValue(Take(d, ref pos, (int)BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)))); return;
            case 0xca: w.WriteNumberValue(BinaryPrimitives.ReadSingleBigEndian(Take(d, ref pos, 4))); return;
            case 0xcb: w.WriteNumberValue(BinaryPrimitives.ReadDoubleBigEndian(Take(d, ref pos, 8))); return;
            case 0xcc: w.WriteNumberValue(Take(d, ref pos, 1)[0]); return;
            case 0xcd: w.WriteNumberValue(BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2))); return;
            case 0xce: w.WriteNumberValue(BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4))); return;
            case 0xcf: w.WriteNumberValue(BinaryPrimitives.ReadUInt64BigEndian(Take(d, ref pos, 8))); return;
            case 0xd0: w.WriteNumberValue((sbyte)Take(d, ref pos, 1)[0]); return;
            case 0xd1: w.WriteNumberValue(BinaryPrimitives.ReadInt16BigEndian(Take(d, ref pos, 2))); return;
            case 0xd2: w.WriteNumberValue(BinaryPrimitives.ReadInt32BigEndian(Take(d, ref pos, 4))); return;
            case 0xd3: w.WriteNumberValue(BinaryPrimitives.ReadInt64BigEndian(Take(d, ref pos, 8))); return;
            case 0xd9: w.WriteStringValue(Utf8(Take(d, ref pos, Take(d, ref pos, 1)[0]))); return;
            case 0xda: w.WriteStringValue(Utf8(Take(d, ref pos, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2))))); return;
            case 0xdb: w.WriteStringValue(Utf8(Take(d, ref pos, (int)BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4))))); return;
            case 0xdc: WriteArray(d, ref pos, w, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)), depth); return;
            case 0xdd: WriteArray(d, ref pos, w, (int)BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)), depth); return;
            case 0xde: WriteMap(d, ref pos, w, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)), depth); return;
            case 0xdf: WriteMap(d, ref pos, w, (int)BinaryPrimitives.ReadUInt32BigEndian(Take(d, ref pos, 4)), depth); return;
            case 0xd4: WriteExt(d, ref pos, w, 1); return;
            case 0xd5: WriteExt(d, ref pos, w, 2); return;
            case 0xd6: WriteExt(d, ref pos, w, 4); return;
            case 0xd7: WriteExt(d, ref pos, w, 8); return;
            case 0xd8: WriteExt(d, ref pos, w, 16); return;
            case 0xc7: WriteExt(d, ref pos, w, Take(d, ref pos, 1)[0]); return;
            default: throw new FormatException($"unsupported msgpack byte 0x{b:x2}");
        }
    }

    private static void WriteExt(ReadOnlySpan<byte> d, ref int pos, Utf8JsonWriter w, int length)
    {
        var type = (sbyte)Take(d, ref pos, 1)[0];
        var body = Take(d, ref pos, length);
        if (type == -1)
        {
            long nanos = length switch
            {
                4 => BinaryPrimitives.ReadUInt32BigEndian(body) * 1_000_000_000L,
                8 => (long)(BinaryPrimitives.ReadUInt64BigEndian(body) & 0x3_FFFF_FFFFUL) * 1_000_000_000L + (long)(BinaryPrimitives.ReadUInt64BigEndian(body) >> 34),
                12 => BinaryPrimitives.ReadInt64BigEndian(body[4..]) * 1_000_000_000L + BinaryPrimitives.ReadUInt32BigEndian(body),
                _ => throw new FormatException("bad msgpack timestamp"),
            };
            w.WriteStringValue(new NanoTimestamp(nanos).ToString());
            return;
        }
        w.WriteBase64StringValue(body);
    }

    private static void WriteArray(ReadOnlySpan<byte> d, ref int pos, Utf8JsonWriter w, int count, int depth)
    {
        w.WriteStartArray();
        for (var i = 0; i < count; i++) WriteValue(d, ref pos, w, depth + 1);
        w.WriteEndArray();
    }

    private static void WriteMap(ReadOnlySpan<byte> d, ref int pos, Utf8JsonWriter w, int count, int depth)
    {
        w.WriteStartObject();
        for (var i = 0; i < count; i++)
        {
            var b = Take(d, ref pos, 1)[0];
            string key = b switch
            {
                >= 0xa0 and <= 0xbf => Utf8(Take(d, ref pos, b & 0x1f)),
                0xd9 => Utf8(Take(d, ref pos, Take(d, ref pos, 1)[0])),
                0xda => Utf8(Take(d, ref pos, BinaryPrimitives.ReadUInt16BigEndian(Take(d, ref pos, 2)))),
                _ => throw new FormatException("msgpack map key is not a string"),
            };
            w.WritePropertyName(key);
            WriteValue(d, ref pos, w, depth + 1);
        }
        w.WriteEndObject();
    }

    private static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
