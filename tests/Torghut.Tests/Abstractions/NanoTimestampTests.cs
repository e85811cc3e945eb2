using Torghut.Abstractions;

namespace Torghut.Tests.Abstractions;

public sealed class NanoTimestampTests
{
    [Theory]
    [InlineData("2024-03-12T10:27:48.858228144Z")]
    [InlineData("2026-02-22T14:03:07.412518Z")]
    [InlineData("2026-02-22T14:05:12.004Z")]
    [InlineData("2026-02-22T14:03:00Z")]
    [InlineData("1969-12-31T23:59:59.999999999Z")]
    public void Round_trips_exactly_like_Java_Instant(string text)
    {
        NanoTimestamp.Parse(text).ToString().ShouldBe(text);
    }

    [Theory]
    [InlineData("2023-04-06T13:15:42.83540958Z", "2023-04-06T13:15:42.835409580Z")]
    [InlineData("2021-02-22T15:51:44.2Z", "2021-02-22T15:51:44.200Z")]
    [InlineData("2022-03-09T00:00:00+00:00", "2022-03-09T00:00:00Z")]
    [InlineData("2022-03-09T01:30:00.5+01:30", "2022-03-09T00:00:00.500Z")]
    [InlineData("2022-03-09", "2022-03-09T00:00:00Z")]
    public void Accepts_variable_fraction_lengths_and_offsets(string input, string normalized)
    {
        NanoTimestamp.Parse(input).ToString().ShouldBe(normalized);
    }

    [Fact]
    public void Keeps_nanoseconds_that_DateTime_would_truncate()
    {
        var a = NanoTimestamp.Parse("2024-03-12T10:27:48.858228144Z");
        var b = NanoTimestamp.Parse("2024-03-12T10:27:48.858228199Z");
        (b.UnixNanoseconds - a.UnixNanoseconds).ShouldBe(55);
        a.NanosOfSecond.ShouldBe(858228144);
        a.ToDateTimeOffset().ShouldBe(DateTimeOffset.Parse("2024-03-12T10:27:48.8582281Z"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2024-03-12T10:27:48")]            // no zone
    [InlineData("2024-03-12T10:27:48.Z")]
    [InlineData("2024-03-12T10:27:48.1234567890Z")] // 10 digits
    [InlineData("2024-02-30T10:27:48Z")]
    [InlineData("2024-03-12T25:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("2024-03-12T10:27:48Zjunk")]
    public void Rejects_malformed_text(string text)
    {
        NanoTimestamp.TryParse(text.AsSpan(), out _).ShouldBeFalse();
        NanoTimestamp.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _).ShouldBeFalse();
    }
}
