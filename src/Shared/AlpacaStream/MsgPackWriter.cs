using System.Buffers.Binary;
using System.Text;

namespace Torghut.AlpacaStream;

/// <summary>
/// A minimal MessagePack writer (maps, arrays, strings, numbers, bools, nil, timestamp ext -1). The wire subset
/// Alpaca uses is tiny, and a hand-written writer keeps the plugin free of extra dependencies.
/// </summary>
internal sealed class MsgPackWriter
{
    private byte[] _buffer;
    private int _length;

    public MsgPackWriter(int capacity = 256) => _buffer = new byte[capacity];

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public void Reset() => _length = 0;

    public void CopyTo(Span<byte> destination) => _buffer.AsSpan(0, _length).CopyTo(destination);

    private Span<byte> Reserve(int n)
    {
        if (_length + n > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + n));
        var span = _buffer.AsSpan(_length, n);
        _length += n;
        return span;
    }

    public void WriteMapHeader(int count)
    {
        if (count < 16) Reserve(1)[0] = (byte)(0x80 | count);
        else { var s = Reserve(3); s[0] = 0xde; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)count); }
    }

    public void WriteArrayHeader(int count)
    {
        if (count < 16) Reserve(1)[0] = (byte)(0x90 | count);
        else if (count <= ushort.MaxValue) { var s = Reserve(3); s[0] = 0xdc; BinaryPrimitives.WriteUInt16BigEndian(s[1..], (ushort)count); }
        else { var s = Reserve(5); s[0] = 0xdd; BinaryPrimitives.WriteUInt32BigEndian(s[1..], (uint)count); }
    }

    public void WriteString(string value)
    {
        var n = Encoding.UTF8.GetByteCount(value);
        if (n < 32) Reserve(1)[0] = (byte)(0xa0 | n);
        else if (n < 256) { var h = Reserve(2); h[0] = 0xd9; h[1] = (byte)n; }
        else { var h = Reserve(3); h[0] = 0xda; BinaryPrimitives.WriteUInt16BigEndian(h[1..], (ushort)n); }
        Encoding.UTF8.GetBytes(value, Reserve(n));
    }

    public void WriteInt(long value)
    {
        if (value >= 0 && value < 128) { Reserve(1)[0] = (byte)value; return; }
        if (value < 0 && value >= -32) { Reserve(1)[0] = (byte)(sbyte)value; return; }
        if (value >= int.MinValue && value <= int.MaxValue)
        {
            var s = Reserve(5); s[0] = 0xd2; BinaryPrimitives.WriteInt32BigEndian(s[1..], (int)value);
            return;
        }
        var l = Reserve(9); l[0] = 0xd3; BinaryPrimitives.WriteInt64BigEndian(l[1..], value);
    }

    public void WriteDouble(double value)
    {
        var s = Reserve(9); s[0] = 0xcb; BinaryPrimitives.WriteDoubleBigEndian(s[1..], value);
    }

    public void WriteBool(bool value) => Reserve(1)[0] = value ? (byte)0xc3 : (byte)0xc2;

    public void WriteNil() => Reserve(1)[0] = 0xc0;

    /// <summary>Timestamp extension (type -1), 96-bit form: uint32 nanoseconds + int64 seconds.</summary>
    public void WriteTimestamp(long unixNanos)
    {
        var seconds = unixNanos >= 0 ? unixNanos / 1_000_000_000 : (unixNanos - 999_999_999) / 1_000_000_000;
        var nanos = (uint)(unixNanos - seconds * 1_000_000_000);
        var s = Reserve(15);
        s[0] = 0xc7; s[1] = 12; s[2] = 0xff;
        BinaryPrimitives.WriteUInt32BigEndian(s[3..], nanos);
        BinaryPrimitives.WriteInt64BigEndian(s[7..], seconds);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));
}
