using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Ingest;

namespace Torghut.Tests.Ingest;

/// <summary>
/// The hand-written envelope must produce exactly what the Utf8JsonWriter-based writer did: strings escaped the same
/// way, doubles formatted as Java's Double.toString (upstream's producer), slab slices independent of each other.
/// </summary>
public sealed class EnvelopeTextTests
{
    private static string WriterString(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) w.WriteStringValue(value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Java's Double.toString (JDK 19+), built independently of JsonNumbers from .NET's own formatters: "R" (shortest
    /// round-trip) in the plain range, "E" with as many digits as "R" found outside it.
    /// </summary>
    private static string JavaReference(double value)
    {
        if (value == 0) return double.IsNegative(value) ? "-0.0" : "0.0";
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var abs = Math.Abs(value);
        if (abs >= 1e-3 && abs < 1e7) return r.Contains('.') ? r : r + ".0"; // "R" is plain in this range
        // The shortest significant digits ("R"), re-rounded by "E" to exactly that many: one digit shows as d.0, and a
        // subnormal whose shortest is one digit takes the nearest two (Java's rule: Double.MIN_VALUE is 4.9E-324).
        var significant = r.Replace("-", "").Split('E')[0].Replace(".", "").TrimStart('0').TrimEnd('0').Length;
        var e = value.ToString("E" + Math.Max(1, significant - 1), CultureInfo.InvariantCulture); // -d.dddE+xxx
        return $"{e[..e.IndexOf('E')]}E{int.Parse(e[(e.IndexOf('E') + 1)..], CultureInfo.InvariantCulture)}";
    }

    [Fact]
    public void Every_ascii_character_and_some_unicode_are_escaped_as_Utf8JsonWriter_does()
    {
        var samples = Enumerable.Range(0, 128).Select(c => $"a{(char)c}b").Concat(["", "BTC/USD", "I\"x", "<&>", "é", "日本", "tab\there", "+'`\\"]);
        var buffer = new EnvelopeBuffer();
        foreach (var s in samples)
        {
            buffer.Begin();
            buffer.String(s);
            Encoding.UTF8.GetString(buffer.Finish().Span).ShouldBe(WriterString(s), $"for {s}");
        }
    }

    [Theory]
    [InlineData(0.000038, "3.8E-5")] // the issue's example: .NET's "R" writes 3.8E-05
    [InlineData(40211.0, "40211.0")]
    [InlineData(0.001, "0.001")]
    [InlineData(9.99e-4, "9.99E-4")]
    [InlineData(1e-4, "1.0E-4")]
    [InlineData(0.00038, "3.8E-4")]
    [InlineData(0.000123456789, "1.23456789E-4")]
    [InlineData(1e7, "1.0E7")]
    [InlineData(12345678.0, "1.2345678E7")]
    [InlineData(9999999.0, "9999999.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.0, "0.0")]
    [InlineData(-3.25, "-3.25")]
    [InlineData(-12345678.5, "-1.23456785E7")]
    [InlineData(double.MaxValue, "1.7976931348623157E308")]
    [InlineData(double.Epsilon, "4.9E-324")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void Doubles_are_written_as_Java_writes_them(double value, string java)
    {
        Span<byte> buffer = stackalloc byte[JsonNumbers.MaxDoubleLength];
        Encoding.ASCII.GetString(buffer[..JsonNumbers.FormatDouble(value, buffer)]).ShouldBe(java);
    }

    [Fact]
    public void Doubles_match_an_independent_Java_reference_and_read_back_exactly()
    {
        var rng = new Random(7);
        var values = new List<double> { 0, -0.0, 1, 40211.0, 68012.4, 0.00421, 1e-4, 9.99e-5, 1e-5, 1e14, 1e15, 123456789012345.6, -3.25, 0.1 + 0.2, double.MaxValue, double.Epsilon, 1234567.123456789 };
        for (var i = 0; i < 200_000; i++)
        {
            var magnitude = Math.Pow(10, rng.Next(-6, 16));
            var v = rng.NextDouble() * magnitude;
            values.Add(v);
            values.Add(Math.Round(v, rng.Next(0, 12)));
        }
        Span<byte> buffer = stackalloc byte[JsonNumbers.MaxDoubleLength];
        foreach (var v in values)
        {
            var text = Encoding.ASCII.GetString(buffer[..JsonNumbers.FormatDouble(v, buffer)]);
            text.ShouldBe(JavaReference(v), $"for {v:R}");
            double.Parse(text, CultureInfo.InvariantCulture).ShouldBe(v);
        }
    }

    [Fact]
    public void Eight_digit_blocks_are_the_zero_padded_decimal_digits()
    {
        Span<byte> buffer = stackalloc byte[8];
        var values = new List<uint> { 0, 1, 9, 10, 99, 100, 9_999, 10_000, 10_001, 99_999_999, 12_345_678, 90_000_009 };
        for (uint v = 0; v < 100_000_000; v += 9_973) values.Add(v); // a prime stride reaches every digit position
        foreach (var v in values)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, JsonNumbers.EightDigits(v) | JsonNumbers.AsciiZeros);
            Encoding.ASCII.GetString(buffer).ShouldBe(v.ToString("D8", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Longs_format_exactly_as_Utf8Formatter()
    {
        var rng = new Random(3);
        var values = new List<long> { 0, 1, 9, 10, 99_999_999, 100_000_000, 100_000_001, 9_999_999_999_999_999, 10_000_000_000_000_000,
            1_732_000_000_000_000, long.MaxValue, long.MinValue, -1, -100_000_000 };
        for (var i = 0; i < 100_000; i++)
        {
            var v = rng.NextInt64() >> rng.Next(0, 64);
            values.Add(v);
            values.Add(-v);
        }
        Span<byte> actual = stackalloc byte[24];
        Span<byte> expected = stackalloc byte[24];
        foreach (var v in values)
        {
            Utf8Formatter.TryFormat(v, expected, out var n).ShouldBeTrue();
            Encoding.ASCII.GetString(actual[..JsonNumbers.FormatLong(v, actual)]).ShouldBe(Encoding.ASCII.GetString(expected[..n]), $"for {v}");
        }
    }

    [Fact]
    public void Timestamps_format_exactly_as_NanoTimestamp_ToString_across_seconds_days_and_jumps_back()
    {
        var rng = new Random(5);
        var formatter = new Utf8Timestamp(); // one formatter for all, as the writer keeps one: its caches must never leak
        var start = NanoTimestamp.Parse("2024-02-28T23:59:58.999999999Z").UnixNanoseconds;
        var instants = new List<long>();
        for (var i = 0; i < 20_000; i++) instants.Add(start + i * 250_000_000L); // steps across seconds, midnight, Feb 29
        for (var i = 0; i < 50_000; i++)
        {
            var t = rng.NextInt64(-9_000_000_000_000_000_000, 9_000_000_000_000_000_000); // 1684..2255, also before 1970
            instants.Add(t);
            instants.Add(t / 1_000_000 * 1_000_000); // 3 fraction digits
            instants.Add(t / 1_000 * 1_000); // 6
            instants.Add(t / 1_000_000_000 * 1_000_000_000); // none
            instants.Add(t + 1); // same second, usually
        }
        Span<byte> buffer = stackalloc byte[Utf8Timestamp.MaxLength];
        foreach (var t in instants)
        {
            var ts = new NanoTimestamp(t);
            Encoding.ASCII.GetString(buffer[..formatter.Format(ts, buffer)]).ShouldBe(ts.ToString(), $"for {t}");
        }
    }

    [Fact]
    public void Symbol_map_finds_a_symbol_by_its_text_whichever_string_instance_asks()
    {
        var map = new SymbolMap<string>();
        var rng = new Random(9);
        var symbols = Enumerable.Range(0, 5_000)
            .Select(i => i % 3 == 0 ? $"S{i}" : new string(Enumerable.Range(0, 1 + rng.Next(9)).Select(_ => (char)('A' + rng.Next(26))).ToArray()) + "/" + i)
            .Concat(["", "X", "AB", "BTC/USD", "ETH/USD", "AAAA", "AAAB", "BAAA"]) // short symbols and equal heads and tails
            .ToList();
        foreach (var s in symbols) map.Add(s, "v:" + s);
        map.Count.ShouldBe(symbols.Count);
        foreach (var s in symbols)
        {
            map.Find(s).ShouldBe("v:" + s);
            map.Find(new string(s.AsSpan())).ShouldBe("v:" + s); // an equal string that is another instance
        }
        map.Find("BTC/USDT").ShouldBeNull();
        map.Find("S1").ShouldBeNull();
        map.Clear();
        map.Find("BTC/USD").ShouldBeNull();
        map.Count.ShouldBe(0);
    }

    [Fact]
    public void Envelopes_stay_intact_across_slab_boundaries()
    {
        var writer = TestFrames.Writer(() => NanoTimestamp.Parse("2026-02-22T14:03:07Z"));
        var records = Enumerable.Range(0, 2_000)
            .Select(i => writer.Trade(new Trade("SYM" + i, 1 + i, 2, NanoTimestamp.Parse("2026-02-22T14:03:07.5Z"), i, Conditions: [new string('c', i % 300)])))
            .ToList();
        for (var i = 0; i < records.Count; i++)
        {
            using var doc = JsonDocument.Parse(records[i].Value);
            doc.RootElement.GetProperty("symbol").GetString().ShouldBe("SYM" + i);
            doc.RootElement.GetProperty("payload").GetProperty("c")[0].GetString().ShouldBe(new string('c', i % 300));
        }
    }
}
