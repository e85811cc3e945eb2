using Torghut.Abstractions;

namespace Torghut.Tests.Abstractions;

public sealed class ContractTests
{
    [Theory]
    [InlineData("1.0", true)] // plugins built before the history capability keep loading
    [InlineData("1.1", true)]
    [InlineData("2.0", false)]
    [InlineData("0.9", false)]
    [InlineData("1.2", true)]
    [InlineData("1.3", true)]
    [InlineData("1.99", false)] // a newer minor than the host's needs members this host lacks
    [InlineData("one", false)]
    [InlineData(null, false)]
    public void Accepts_same_major_and_older_or_equal_minor(string? version, bool compatible)
    {
        ContractVersion.IsCompatible(version, out var reason).ShouldBe(compatible);
        if (!compatible) reason.ShouldContain(ContractVersion.Text);
    }

    [Fact]
    public void The_text_constant_matches_major_and_minor()
    {
        ContractVersion.Text.ShouldBe($"{ContractVersion.Major}.{ContractVersion.Minor}");
        typeof(ContractVersion).Assembly.GetName().Version!.Major.ShouldBe(ContractVersion.Major);
    }

    [Fact]
    public void Credentials_never_print_the_secret()
    {
        var credentials = new VenueCredentials("AKFZ0123456789", "s3cr3t-value");
        credentials.ToString().ShouldNotContain("s3cr3t-value");
        credentials.ToString().ShouldNotContain("AKFZ0123");
        $"{credentials}".ShouldContain("6789");
    }

    [Theory]
    [InlineData("1Min", 1, TimeframeUnit.Minute)]
    [InlineData("5T", 5, TimeframeUnit.Minute)]
    [InlineData("1Hour", 1, TimeframeUnit.Hour)]
    [InlineData("1Day", 1, TimeframeUnit.Day)]
    [InlineData("12Month", 12, TimeframeUnit.Month)]
    public void Parses_alpaca_timeframes(string text, int amount, TimeframeUnit unit)
    {
        BarTimeframe.TryParse(text, out var tf, out _).ShouldBeTrue();
        tf.ShouldBe(new BarTimeframe(amount, unit));
    }

    [Theory]
    [InlineData("60Min")]
    [InlineData("2Day")]
    [InlineData("5Month")]
    [InlineData("Min")]
    [InlineData("1Fortnight")]
    public void Rejects_timeframes_alpaca_rejects(string text)
    {
        BarTimeframe.TryParse(text, out _, out var error).ShouldBeFalse();
        error.ShouldNotBeNull();
    }
}
