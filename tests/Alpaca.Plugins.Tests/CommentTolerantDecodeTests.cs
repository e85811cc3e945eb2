namespace Alpaca.Plugins.Tests;

/// <summary>
/// The decoder reads comment-free frames with the strict (fast) reader and anything that might hold a comment with the
/// tolerant one; both must give the same records.
/// </summary>
public sealed class CommentTolerantDecodeTests
{
    private const string Trade = """{"T":"t","S":"BTC/USD","p":68012.4,"s":0.00421,"t":"2026-02-22T14:03:07.389114253Z","i":5839201,"tks":"B"}""";

    [Fact]
    public void A_frame_with_comments_decodes_like_the_same_frame_without()
    {
        var plain = RecordingSink.Decode(Lanes.CryptoFeed(), $"[{Trade},{Trade}]");
        var commented = RecordingSink.Decode(Lanes.CryptoFeed(), $"/* batch */ [{Trade}, // first\n{Trade} /* second */]");
        commented.Errors.ShouldBeEmpty();
        commented.Trades.ShouldBe(plain.Trades);
        plain.Trades.Count.ShouldBe(2);
    }

    [Fact]
    public void Slashes_inside_strings_are_data_not_comments()
    {
        var sink = RecordingSink.Decode(Lanes.CryptoFeed(), """[{"T":"success","msg":"see https://alpaca.markets/* docs"}]""");
        sink.Errors.ShouldBeEmpty();
        sink.Controls.Single().Message.ShouldBe("see https://alpaca.markets/* docs");
    }
}
