using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

public class ControlDecodeTests
{
    private readonly IFeedEndpoint _feed = EquityFeed();

    [Theory]
    [InlineData("connected", ControlKind.Connected)]
    [InlineData("authenticated", ControlKind.Authenticated)]
    [InlineData("something else", ControlKind.OtherSuccess)]
    public void Success_messages_are_classified(string msg, ControlKind kind)
    {
        var control = RecordingSink.Decode(_feed, $$"""[{"T":"success","msg":"{{msg}}"}]""").Controls.ShouldHaveSingleItem();
        control.Kind.ShouldBe(kind);
        control.Message.ShouldBe(msg);
    }

    [Theory]
    [InlineData(400, "invalid syntax", VenueErrorKind.InvalidSyntax)]
    [InlineData(401, "not authenticated", VenueErrorKind.NotAuthenticated)]
    [InlineData(402, "auth failed", VenueErrorKind.AuthFailed)]
    [InlineData(403, "already authenticated", VenueErrorKind.AlreadyAuthenticated)]
    [InlineData(404, "auth timeout", VenueErrorKind.AuthTimeout)]
    [InlineData(405, "symbol limit exceeded", VenueErrorKind.SymbolLimitExceeded)]
    [InlineData(406, "connection limit exceeded", VenueErrorKind.ConnectionLimitExceeded)]
    [InlineData(407, "slow client", VenueErrorKind.SlowClient)]
    [InlineData(408, "v2 not enabled", VenueErrorKind.FeedNotEnabled)]
    [InlineData(409, "insufficient subscription", VenueErrorKind.InsufficientSubscription)]
    [InlineData(410, "invalid subscribe action for this feed", VenueErrorKind.InvalidSubscribeAction)]
    [InlineData(411, "insufficient scope", VenueErrorKind.InsufficientScope)]
    [InlineData(500, "internal error", VenueErrorKind.Internal)]
    public void Every_error_code_is_classified(int code, string msg, VenueErrorKind kind)
    {
        var control = RecordingSink.Decode(_feed, $$"""[{"T":"error","code":{{code}},"msg":"{{msg}}"}]""").Controls.ShouldHaveSingleItem();
        control.ShouldBe(new ControlMessage(ControlKind.Error, msg, code, kind));
    }

    [Fact]
    public void Error_without_a_code_is_unknown() =>
        RecordingSink.Decode(_feed, """{"msg":"oops","T":"error"}""").Controls.ShouldHaveSingleItem()
            .ShouldBe(new ControlMessage(ControlKind.Error, "oops", null, VenueErrorKind.Unknown));

    [Fact]
    public void Full_subscription_ack_lists_every_channel()
    {
        var control = RecordingSink.Decode(_feed, """[{"T":"subscription","trades":["AAPL"],"quotes":["AMD","CLDR"],"bars":["*"],"updatedBars":[],"dailyBars":["VOO"],"statuses":["*"],"lulds":[],"corrections":["AAPL"],"cancelErrors":["AAPL"]}]""")
            .Controls.ShouldHaveSingleItem();
        control.Kind.ShouldBe(ControlKind.SubscriptionAck);
        var subs = control.Subscriptions!;
        subs.Count.ShouldBe(9);
        subs["quotes"].ShouldBe(["AMD", "CLDR"]);
        subs["bars"].ShouldBe(["*"]);
        subs["updatedBars"].ShouldBeEmpty();
        subs["cancelErrors"].ShouldBe(["AAPL"]);
    }

    [Fact]
    public void Subscription_ack_with_T_last_and_non_array_keys_keeps_only_the_arrays()
    {
        var subs = RecordingSink.Decode(_feed, """{"trades":["AAPL"],"note":"x","limits":{"a":1},"T":"subscription"}""")
            .Controls.ShouldHaveSingleItem().Subscriptions!;
        subs.Keys.ShouldBe(["trades"]);
    }

    [Fact]
    public void Empty_subscription_ack_has_an_empty_set() =>
        RecordingSink.Decode(_feed, """[{"T":"subscription"}]""").Controls.ShouldHaveSingleItem().Subscriptions.ShouldBeEmpty();
}
