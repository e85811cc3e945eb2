using System.Text.Json;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

public class MessageBuildingTests
{
    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void Auth_message_has_action_key_and_secret()
    {
        using var doc = JsonDocument.Parse(CryptoFeed().BuildAuthMessage(new VenueCredentials("AKID", "SECRET")));
        doc.RootElement.GetProperty("action").GetString().ShouldBe("auth");
        doc.RootElement.GetProperty("key").GetString().ShouldBe("AKID");
        doc.RootElement.GetProperty("secret").GetString().ShouldBe("SECRET");
    }

    [Fact]
    public void Auth_message_escapes_quotes_backslashes_and_control_characters()
    {
        const string key = "a\"b\\c";
        const string secret = "x\",\"action\":\"subscribe\n\u0001é";
        var text = EquityFeed().BuildAuthMessage(new VenueCredentials(key, secret));
        using var doc = JsonDocument.Parse(text);
        doc.RootElement.EnumerateObject().Count().ShouldBe(3);
        doc.RootElement.GetProperty("action").GetString().ShouldBe("auth");
        doc.RootElement.GetProperty("key").GetString().ShouldBe(key);
        doc.RootElement.GetProperty("secret").GetString().ShouldBe(secret);
    }

    [Fact]
    public void Subscribe_450_symbols_with_batch_200_gives_200_200_50_listed_under_every_channel()
    {
        var feed = CryptoFeed();
        var symbols = Enumerable.Range(0, 450).Select(i => $"C{i}/USD").ToList();
        var messages = feed.BuildSubscribeMessages(["trades", "quotes", "bars"], symbols);

        messages.Count.ShouldBe(3);
        var seen = new List<string>();
        foreach (var (message, size) in messages.Zip([200, 200, 50]))
        {
            using var doc = JsonDocument.Parse(message);
            var root = doc.RootElement;
            root.EnumerateObject().Select(p => p.Name).ShouldBe(["action", "trades", "quotes", "bars"]);
            root.GetProperty("action").GetString().ShouldBe("subscribe");
            var trades = Strings(root.GetProperty("trades"));
            trades.Length.ShouldBe(size);
            Strings(root.GetProperty("quotes")).ShouldBe(trades);
            Strings(root.GetProperty("bars")).ShouldBe(trades);
            seen.AddRange(trades);
        }
        seen.ShouldBe(symbols);
    }

    [Fact]
    public void Unsubscribe_uses_the_same_shape_with_its_own_action()
    {
        var messages = EquityFeed(("SUBSCRIBE_BATCH_SIZE", "2")).BuildUnsubscribeMessages(["quotes"], ["AAPL", "MSFT", "FAKEPACA"]);
        messages.Count.ShouldBe(2);
        using var doc = JsonDocument.Parse(messages[1]);
        doc.RootElement.GetProperty("action").GetString().ShouldBe("unsubscribe");
        Strings(doc.RootElement.GetProperty("quotes")).ShouldBe(["FAKEPACA"]);
    }

    [Fact]
    public void Exactly_one_full_chunk_gives_one_message() =>
        CryptoFeed(("SUBSCRIBE_BATCH_SIZE", "3")).BuildSubscribeMessages(["trades"], ["A/USD", "B/USD", "C/USD"]).Count.ShouldBe(1);

    [Fact]
    public void Empty_symbol_list_gives_no_messages()
    {
        CryptoFeed().BuildSubscribeMessages(["trades"], []).ShouldBeEmpty();
        CryptoFeed().BuildUnsubscribeMessages(["trades"], []).ShouldBeEmpty();
    }

    [Fact]
    public void A_channel_the_stream_does_not_support_is_refused()
    {
        Should.Throw<ArgumentException>(() => CryptoFeed().BuildSubscribeMessages(["trades", "statuses"], ["BTC/USD"]))
            .Message.ShouldContain("statuses");
        Should.Throw<ArgumentException>(() => EquityFeed().BuildSubscribeMessages(["orderbooks"], ["AAPL"]));
        Should.Throw<ArgumentException>(() => EquityFeed().BuildUnsubscribeMessages(["Trades"], ["AAPL"]));
    }

    [Fact]
    public void Symbols_with_slashes_and_wildcards_are_sent_as_given()
    {
        var message = CryptoFeed().BuildSubscribeMessages(["orderbooks", "dailyBars"], ["BTC/USD", "*"]).Single();
        message.ShouldBe("""{"action":"subscribe","orderbooks":["BTC/USD","*"],"dailyBars":["BTC/USD","*"]}""");
    }
}
