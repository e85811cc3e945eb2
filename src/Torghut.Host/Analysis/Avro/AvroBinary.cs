using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Torghut.Abstractions;

namespace Torghut.Host.Analysis.Avro;

/// <summary>Avro binary primitives (spec 1.12 "Binary Encoding") written straight into a buffer writer.</summary>
internal static class AvroBinary
{
    public static void Long(IBufferWriter<byte> w, long value)
    {
        var span = w.GetSpan(10);
        ulong n = (ulong)((value << 1) ^ (value >> 63)); // zig-zag
        int i = 0;
        while (n >= 0x80)
        {
            span[i++] = (byte)(n | 0x80);
            n >>= 7;
        }
        span[i++] = (byte)n;
        w.Advance(i);
    }

    public static void Int(IBufferWriter<byte> w, int value) => Long(w, value);

    public static void Double(IBufferWriter<byte> w, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(w.GetSpan(8), value);
        w.Advance(8);
    }

    public static void Boolean(IBufferWriter<byte> w, bool value)
    {
        w.GetSpan(1)[0] = value ? (byte)1 : (byte)0;
        w.Advance(1);
    }

    public static void String(IBufferWriter<byte> w, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        Long(w, length);
        var n = Encoding.UTF8.GetBytes(value, w.GetSpan(length));
        w.Advance(n);
    }

    /// <summary>An ISO-8601 timestamp string (<see cref="NanoTimestamp.ToString"/> text), without allocating.</summary>
    public static void Timestamp(IBufferWriter<byte> w, NanoTimestamp value)
    {
        Span<char> chars = stackalloc char[40];
        if (!value.TryFormat(chars, out var n))
        {
            String(w, value.ToString());
            return;
        }
        Long(w, n);
        var span = w.GetSpan(n);
        for (int i = 0; i < n; i++) span[i] = (byte)chars[i]; // ASCII
        w.Advance(n);
    }

    /// <summary>Union branch index.</summary>
    public static void Branch(IBufferWriter<byte> w, int index) => Long(w, index);

    /// <summary>A <c>["null", X]</c> union holding null.</summary>
    public static void Null(IBufferWriter<byte> w) => Long(w, 0);

    public static void NullableDouble(IBufferWriter<byte> w, double? value)
    {
        if (value is { } v) { Branch(w, 1); Double(w, v); }
        else Null(w);
    }

    public static void NullableString(IBufferWriter<byte> w, string? value)
    {
        if (value is not null) { Branch(w, 1); String(w, value); }
        else Null(w);
    }

    public static void NullableTimestamp(IBufferWriter<byte> w, NanoTimestamp? value)
    {
        if (value is { } v) { Branch(w, 1); Timestamp(w, v); }
        else Null(w);
    }
}
