using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Ingest;

namespace Torghut.Tests.Ingest;

/// <summary>
/// The hand-written envelope must produce exactly what the Utf8JsonWriter-based writer did: strings escaped the same
/// way, doubles formatted the same way ("R", whole numbers with ".0"), slab slices independent of each other.
/// </summary>
public sealed class EnvelopeTextTests
{
    private static string WriterString(string value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) w.WriteStringValue(value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Reference(double value)
    {
        var s = value.ToString("R", CultureInfo.InvariantCulture);
        return s.IndexOfAny(['.', 'E', 'e']) < 0 ? s + ".0" : s;
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

    [Fact]
    public void Doubles_format_exactly_as_the_round_trip_formatter_with_a_trailing_point_zero()
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
            Encoding.ASCII.GetString(buffer[..JsonNumbers.FormatDouble(v, buffer)]).ShouldBe(Reference(v), $"for {v:R}");
    }

    [Fact]
    public void Envelopes_stay_intact_across_slab_boundaries()
    {
        var writer = new EnvelopeWriter("alpaca", new TopicMap("t", "q", "b", "s"), new SequenceClock(() => 7), () => NanoTimestamp.Parse("2026-02-22T14:03:07Z"));
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
