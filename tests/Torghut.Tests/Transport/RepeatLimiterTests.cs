using Torghut.Host.Logging;
using Torghut.Tests.Support;

namespace Torghut.Tests.Transport;

/// <summary>What an operator reads when librdkafka repeats an error 4 times a second for a minute: one line, then a count.</summary>
public sealed class RepeatLimiterTests
{
    [Fact]
    public void A_burst_becomes_one_line_then_one_line_with_the_count_per_window()
    {
        var time = new ManualTime();
        var limiter = new RepeatLimiter(TimeSpan.FromSeconds(60), time);
        var logged = new List<string>();
        for (var i = 0; i < 4 * 61; i++)
        {
            if (limiter.Admit("kafka error Local_Transport", out var suffix)) logged.Add("brokers down" + suffix);
            time.Advance(TimeSpan.FromMilliseconds(250));
        }
        logged.ShouldBe(["brokers down", "brokers down (repeated 239 times in 60 s)"]);
    }

    [Fact]
    public void Different_errors_are_limited_separately_and_a_quiet_key_logs_again_without_a_count()
    {
        var time = new ManualTime();
        var limiter = new RepeatLimiter(TimeSpan.FromSeconds(60), time);
        limiter.Admit("a", out _).ShouldBeTrue();
        limiter.Admit("b", out _).ShouldBeTrue();
        limiter.Admit("a", out _).ShouldBeFalse();
        time.Advance(TimeSpan.FromMinutes(5));
        limiter.Admit("b", out var suffix).ShouldBeTrue();
        suffix.ShouldBeEmpty();
    }
}
