using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings;

namespace Torghut.Tests.Configuration;

/// <summary>The one strict reader: every kind parses, applies its default when unset, and refuses naming key, value
/// and range.</summary>
public sealed class SettingsReaderTests
{
    private static IConfiguration Config(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key,
            v.Value))).Build();

    private static string Refusal(Action read) => Should.Throw<ConfigException>(read).Message;

    [Fact]
    public void Milliseconds_read_as_a_duration_with_the_default_when_unset_or_blank()
    {
        var s = new MillisecondsSetting("X_MS", 200, "d", min: 1);
        s.Read(Config()).ShouldBe(TimeSpan.FromMilliseconds(200));
        s.Read(Config(("X_MS", "  "))).ShouldBe(TimeSpan.FromMilliseconds(200));
        s.Read(Config(("X_MS", " 750 "))).ShouldBe(TimeSpan.FromMilliseconds(750));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public void Milliseconds_out_of_bounds_or_not_whole_are_refused_naming_key_value_and_range(string raw)
    {
        var s = new MillisecondsSetting("X_MS", 200, "d", min: 1, max: 60_000);
        var message = Refusal(() => s.Read(Config(("X_MS", raw))));
        message.ShouldContain("X_MS");
        message.ShouldContain($"'{raw}'");
        message.ShouldContain("[1, 60000]");
    }

    [Fact]
    public void Integers_keep_their_bounds_and_may_have_no_default()
    {
        var bounded = new IntegerSetting("N", 60, "d", min: 0, max: 86_400);
        bounded.ReadInt(Config(("N", "0"))).ShouldBe(0);
        bounded.ReadInt(Config(("N", "86400"))).ShouldBe(86_400);
        Refusal(() => bounded.Read(Config(("N", "86401")))).ShouldContain("'86401'");
        Refusal(() => bounded.Read(Config(("N", "-1")))).ShouldContain("[0, 86400]");
        new IntegerSetting("ID", null, "d").Read(Config()).ShouldBeNull();
    }

    [Fact]
    public void Doubles_are_invariant_finite_and_honour_an_exclusive_minimum()
    {
        var ratio = new DoubleSetting("R", 0.999, "d", min: 0, max: 1);
        ratio.Read(Config(("R", "0.5"))).ShouldBe(0.5);
        Refusal(() => ratio.Read(Config(("R", "0,5")))).ShouldContain("'0,5'");
        Refusal(() => ratio.Read(Config(("R", "NaN")))).ShouldContain("R:");
        Refusal(() => ratio.Read(Config(("R", "1.01")))).ShouldContain("[0, 1]");
        var positive = new DoubleSetting("P", 1, "d", min: 0, exclusiveMin: true);
        Refusal(() => positive.Read(Config(("P", "0")))).ShouldContain("> 0");
        positive.Read(Config(("P", "0.25"))).ShouldBe(0.25);
    }

    [Fact]
    public void Booleans_are_true_or_false_in_any_case_and_nothing_else()
    {
        var b = new BooleanSetting("B", true, "d");
        b.Read(Config(("B", "FALSE"))).ShouldBe(false);
        b.Read(Config()).ShouldBe(true);
        Refusal(() => b.Read(Config(("B", "maybe")))).ShouldContain("expected true or false");
        new BooleanSetting("Q", null, "d").Read(Config(), whenUnset: false).ShouldBeFalse();
    }

    [Fact]
    public void Choices_match_ignoring_case_and_list_what_is_allowed()
    {
        var c = new ChoiceSetting("C", "regular", ["regular", "extended"], "d");
        c.Read(Config(("C", "EXTENDED"))).ShouldBe("extended");
        c.Read(Config()).ShouldBe("regular");
        Refusal(() => c.Read(Config(("C", "weekend")))).ShouldContain("one of regular, extended");
    }

    [Fact]
    public void Urls_must_be_absolute_with_an_allowed_scheme_and_a_secret_url_is_never_quoted()
    {
        var u = new UrlSetting("U", "d", "http", "https");
        u.Read(Config(("U", "https://jangar:8080/api"))).ShouldBe(new Uri("https://jangar:8080/api"));
        u.Read(Config()).ShouldBeNull();
        Refusal(() => u.Read(Config(("U", "ftp://x")))).ShouldContain("http or https URL");
        var secret = new UrlSetting("S", "d", "http") { Secret = true };
        Refusal(() => secret.Read(Config(("S", "nonsense-with-hunter2")))).ShouldNotContain("hunter2");
    }

    [Fact]
    public void An_alias_is_read_when_the_key_is_unset_and_the_key_wins_when_both_are()
    {
        var s = new TextSetting("NEW", "d0", "d") { Aliases = ["OLD"] };
        s.Read(Config(("OLD", "a"))).ShouldBe("a");
        s.Read(Config(("OLD", "a"), ("NEW", "b"))).ShouldBe("b");
        s.Read(Config()).ShouldBe("d0");
    }
}
