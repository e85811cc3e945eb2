using System.Diagnostics;
using System.Text;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static HistoryPageTests;

/// <summary>
/// Broken and hostile history pages: a bad item is reported and skipped while its neighbours are kept (the host repairs
/// the gap with what it can trust); a body that is not a page throws FormatException (the host counts and retries).
/// </summary>
public class HistoryMalformedPageTests
{
    private const string Good = """{"t":"2024-03-12T10:00:00Z","p":1,"s":1,"i":1}""";

    [Theory]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":"x","s":1,"i":2}""", "'p' has the wrong JSON type")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":"NaN","s":1,"i":2}""", "'p' has the wrong JSON type")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":1e999,"s":1,"i":2}""", "'p' is not a finite number")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":1,"s":-1e999,"i":2}""", "'s' is not a finite number")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","s":1,"i":2}""", "'p' is missing")]
    [InlineData("""{"p":1,"s":1,"i":2}""", "'t' is missing")]
    [InlineData("""{"t":"yesterday","p":1,"s":1,"i":2}""", "'t' has an invalid value")]
    [InlineData("""{"t":1710237601,"p":1,"s":1,"i":2}""", "'t' has the wrong JSON type")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":1,"s":1,"i":18446744073709551616}""", "'i' has an invalid value")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":1,"s":1,"i":2.5}""", "'i' has an invalid value")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":1,"s":1,"i":"2"}""", "'i' has the wrong JSON type")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":1,"s":1,"i":2,"c":[1]}""", "'c' has the wrong JSON type")]
    [InlineData("""{"t":"2024-03-12T10:00:01Z","p":1,"s":1,"i":2,"c":7}""", "'c' has the wrong JSON type")]
    public void A_bad_trade_is_reported_by_field_and_skipped_between_good_ones(string bad, string reason)
    {
        var page = CryptoTrades($$"""{"trades":{"BTC/USD":[{{Good}},{{bad}},{{Good.Replace("\"i\":1", "\"i\":3")}}]},"next_page_token":null}""");
        page.Trades.Select(t => t.TradeId).ShouldBe([1L, 3L]);
        var error = page.Errors.ShouldHaveSingleItem();
        error.Index.ShouldBe(1);
        error.MessageType.ShouldBe("trade");
        error.Reason.ShouldContain("BTC/USD");
        error.Reason.ShouldContain(reason);
    }

    [Fact]
    public void Bad_quotes_items_that_are_not_objects_and_a_symbol_without_an_array_are_each_reported()
    {
        var page = EquityQuotes("""{"quotes":{"IBM":[{"t":"2021-10-04T18:00:14.012577217Z","ax":"N","ap":143.71,"as":2,"bx":"H","bp":143.68,"bs":1,"c":["R"],"z":"A"},{"t":"2021-10-04T18:00:14Z","ap":143.71,"as":2,"bs":1},7,null],"MSFT":"x","F":[{"t":"2021-10-04T18:00:15Z","ap":15.07,"as":3,"bp":15.01,"bs":1}]},"next_page_token":"dG9r"}""");
        page.Quotes.Select(q => q.Symbol).ShouldBe(["IBM", "F"]);
        page.Errors.Select(e => e.Index).ShouldBe([1, 2, 3, 4]);
        page.Errors[0].Reason.ShouldContain("'bp' is missing");
        page.Errors[3].Reason.ShouldContain("MSFT");
        page.NextPageToken.ShouldBe("dG9r");
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("""{"next_page_token":null}""")]
    [InlineData("""{"trades":"nope"}""")]
    [InlineData("""{"trades":7,"next_page_token":null}""")]
    [InlineData("""{"quotes":{},"next_page_token":null}""")] // a quotes page is not a trades page
    [InlineData("""{"trades":{},"next_page_token":12}""")] // a token Alpaca never sends: paging must not silently end
    [InlineData("""{"trades":{"BTC/USD":[{"t":"2024-03-12T10:00:00Z","p":1""")] // truncated mid-item
    [InlineData("""{"trades":{"BTC/USD":[{"t":"2024-03-12T10:00:00Z","p":1,"s":1}]},"next_page_token":"ab""")] // truncated token
    [InlineData("""{"trades":{"BTC/USD":[{"t":"2024-03-12T10:00:00Z","p":1,"s":1}]}""")] // truncated before the last brace
    [InlineData("""{"trades":{}} {"trades":{}}""")] // two documents
    [InlineData("""{"trades":{"BTC/USD":[{"t":"2024-03-12T10:00:00Z","p":NaN,"s":1}]}}""")] // NaN is not JSON at all
    [InlineData("""{"trades":[{"t":"2024-03-12T10:00:00Z","p":1,"s":1}]}""")] // single-symbol shape without its symbol
    public void A_body_that_is_not_a_trades_page_throws_FormatException(string body) =>
        Should.Throw<FormatException>(() => CryptoTrades(body)).Message.ShouldNotBeNullOrWhiteSpace();

    [Fact]
    public void A_venue_error_body_is_named_in_the_FormatException() =>
        Should.Throw<FormatException>(() => EquityQuotes("""{"message":"invalid feed: delayed_sip"}"""))
            .Message.ShouldContain("invalid feed: delayed_sip");

    [Fact]
    public void A_full_page_of_10000_trades_decodes_in_order_and_quickly()
    {
        var body = new StringBuilder("""{"next_page_token":"bmV4dA==","trades":{""");
        for (int s = 0; s < 2; s++)
        {
            body.Append(s == 0 ? "\"BTC/USD\":[" : ",\"ETH/USD\":[");
            for (int i = 0; i < 5_000; i++)
            {
                if (i > 0) body.Append(',');
                var id = 3447222699101865076L + s * 5_000 + i;
                body.Append($$"""{"i":{{id}},"p":{{40000 + i}}.25,"s":0.{{i:D9}},"t":"2024-03-12T10:{{i / 600 % 60:D2}}:{{i / 10 % 60:D2}}.{{i % 10}}00000001Z","tks":"{{(i % 2 == 0 ? "B" : "S")}}"}""");
            }
            body.Append(']');
        }
        body.Append("}}");

        var watch = Stopwatch.StartNew();
        var page = CryptoTrades(body.ToString());
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        page.Errors.ShouldBeEmpty();
        page.Trades.Count.ShouldBe(10_000);
        page.Trades.Select(t => t.TradeId!.Value).ShouldBe(Enumerable.Range(0, 10_000).Select(n => 3447222699101865076L + n));
        page.Trades[4_999].Symbol.ShouldBe("BTC/USD");
        page.Trades[5_000].Symbol.ShouldBe("ETH/USD");
        page.Trades[9_999].ShouldBe(new Trade("ETH/USD", 44999.25, 0.000004999, NanoTimestamp.Parse("2024-03-12T10:08:19.900000001Z"),
            3447222699101865076L + 9_999, TakerSide: "S"));
        page.NextPageToken.ShouldBe("bmV4dA==");
    }
}
