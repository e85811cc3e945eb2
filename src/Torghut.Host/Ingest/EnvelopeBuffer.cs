using Torghut.Abstractions;

namespace Torghut.Host.Ingest;

/// <summary>
/// Writes envelope JSON straight into 32 KB slabs and hands each finished envelope out as a slice of its slab.
/// One array per envelope (plus a Utf8JsonWriter) was most of the envelope cost; a slab is shared by ~100 envelopes.
/// Slabs are never reused: a record's bytes stay valid for as long as anyone holds the record (the transports copy
/// them anyway), and the GC frees a slab once its last record is gone. Not thread-safe: one per EnvelopeWriter.
/// </summary>
internal sealed class EnvelopeBuffer
{
    private const int SlabSize = 32 * 1024;
    private byte[] _slab = [];
    private int _start;
    private int _pos;

    /// <summary>Starts an envelope, discarding any unfinished one (an envelope that threw half-way).</summary>
    public void Begin() => _pos = _start;

    /// <summary>The finished envelope; the next one starts after it.</summary>
    public ReadOnlyMemory<byte> Finish()
    {
        var envelope = new ReadOnlyMemory<byte>(_slab, _start, _pos - _start);
        _start = _pos;
        return envelope;
    }

    /// <summary>Bytes written so far in the current envelope.</summary>
    public int Length => _pos - _start;

    /// <summary>Appends a copy of bytes already written in this envelope (at <paramref name="offset"/> from its start).</summary>
    public void Repeat(int offset, int length)
    {
        if (_slab.Length - _pos < length) Grow(length); // moves the envelope, offsets within it stay valid
        _slab.AsSpan(_start + offset, length).CopyTo(_slab.AsSpan(_pos));
        _pos += length;
    }

    /// <summary>Appends the first <paramref name="length"/> bytes of a 64-byte block by copying all 64: a fixed-size
    /// copy is a few vector moves where a variable one is a call to memmove. The bytes past the envelope's end are
    /// overwritten by whatever is written next and are never part of an envelope.</summary>
    public void Block64(byte[] block, int length)
    {
        if (_slab.Length - _pos < 64) Grow(64);
        block.AsSpan(0, 64).CopyTo(_slab.AsSpan(_pos, 64));
        _pos += length;
    }

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        if (_slab.Length - _pos < bytes.Length) Grow(bytes.Length);
        bytes.CopyTo(_slab.AsSpan(_pos));
        _pos += bytes.Length;
    }

    public void Long(long value)
    {
        if (_slab.Length - _pos < 20) Grow(20);
        _pos += JsonNumbers.FormatLong(value, _slab.AsSpan(_pos));
    }

    /// <summary>A double as <see cref="JsonNumbers"/> writes it (shortest round-trip, whole numbers keep <c>.0</c>).</summary>
    public void Double(double value)
    {
        if (_slab.Length - _pos < JsonNumbers.MaxDoubleLength) Grow(JsonNumbers.MaxDoubleLength);
        _pos += JsonNumbers.FormatDouble(value, _slab.AsSpan(_pos));
    }

    /// <summary>A quoted timestamp.</summary>
    public void Time(Utf8Timestamp formatter, NanoTimestamp ts)
    {
        if (_slab.Length - _pos < Utf8Timestamp.MaxLength + 2) Grow(Utf8Timestamp.MaxLength + 2);
        var span = _slab.AsSpan(_pos);
        span[0] = (byte)'"';
        var n = formatter.Format(ts, span[1..]);
        span[n + 1] = (byte)'"';
        _pos += n + 2;
    }

    /// <summary>A quoted, escaped string (escaped exactly as Utf8JsonWriter escapes it).</summary>
    public void String(string value)
    {
        if (_slab.Length - _pos < value.Length + 2) Grow(value.Length + 2);
        if (JsonText.TryWriteAsciiQuoted(value, _slab.AsSpan(_pos), out var n)) _pos += n;
        else Raw(JsonText.Quoted(value));
    }

    private void Grow(int needed)
    {
        // The unfinished envelope moves to the new slab so it stays contiguous.
        var pending = _pos - _start;
        var slab = GC.AllocateUninitializedArray<byte>(Math.Max(SlabSize, (pending + needed) * 2));
        _slab.AsSpan(_start, pending).CopyTo(slab);
        _slab = slab;
        _start = 0;
        _pos = pending;
    }
}
