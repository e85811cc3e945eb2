using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Torghut.Host.Storage.ClickHouse;

/// <summary>
/// ClickHouse RowBinary encoding (little-endian fixed widths, LEB128-length strings, a 0/1 byte before Nullable
/// values). Chosen over TabSeparated because it round-trips doubles bit-exactly (old servers' text float parser can be
/// off by one ULP) and needs no escaping; 18.16 and current releases read it the same way.
/// </summary>
public sealed class RowBinaryBuffer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    public ReadOnlyMemory<byte> WrittenMemory => _buffer.WrittenMemory;
    public int Length => _buffer.WrittenCount;

    public void Clear() => _buffer.Clear();

    public void UInt8(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Bool(bool value) => UInt8(value ? (byte)1 : (byte)0);

    public void UInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    /// <summary>DateTime64(3) is an Int64 of milliseconds; the legacy UInt64 epoch-ms column has the same bytes.</summary>
    public void EpochMs(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Float64(double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void String(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        var length = (ulong)count;
        var span = _buffer.GetSpan(10 + count);
        var pos = 0;
        do
        {
            var b = (byte)(length & 0x7F);
            length >>= 7;
            span[pos++] = length != 0 ? (byte)(b | 0x80) : b;
        } while (length != 0);
        pos += Encoding.UTF8.GetBytes(value, span[pos..]);
        _buffer.Advance(pos);
    }

    /// <summary>Writes the Nullable marker; returns true when the caller must write the value.</summary>
    public bool Nullable(bool present)
    {
        Bool(!present);
        return present;
    }

    public void NullableFloat64(double? value)
    {
        if (Nullable(value.HasValue)) Float64(value!.Value);
    }

    public void NullableEpochMs(long? value)
    {
        if (Nullable(value.HasValue)) EpochMs(value!.Value);
    }

    public void NullableString(string? value)
    {
        if (Nullable(value is not null)) String(value!);
    }
}
