using System.Text;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

/// <summary>
/// Trades and quotes pages a host reads to repair a stream gap. Bodies marked "recorded" are copied as data from
/// /work/shared/docs/alpaca-protocol.md, which quotes them from alpacahq/alpaca-trade-api-go marketdata/rest_test.go
/// (section and Go test named at each). The rest are hand-made after the shapes section 5.5 describes, and say so.
/// </summary>
public class HistoryPageTests
{
    internal static HistoryPage CryptoTrades(string body) => CryptoHistory().DecodeHistoryPage(HistoryKind.Trades, Encoding.UTF8.GetBytes(body));
    internal static HistoryPage CryptoQuotes(string body) => CryptoHistory().DecodeHistoryPage(HistoryKind.Quotes, Encoding.UTF8.GetBytes(body));
    internal static HistoryPage EquityTrades(string body) => EquityHistory().DecodeHistoryPage(HistoryKind.Trades, Encoding.UTF8.GetBytes(body));
    internal static HistoryPage EquityQuotes(string body) => EquityHistory().DecodeHistoryPage(HistoryKind.Quotes, Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Recorded_GO_TestGetTrades_page_gives_the_stock_trade_and_its_token()
    {
        // alpaca-protocol.md 5.3, GO rest_test.go TestGetTrades.
        var page = EquityTrades("""{"trades":{"AAPL":[{"t":"2021-10-13T08:00:00.08960768Z","x":"P","p":140.2,"s":595,"c":["@","T"],"i":1,"z":"C"}]},"next_page_token":"QUFQTHwyMDIxLTEwLTEzVDA4OjAwOjAwLjA4OTYwNzY4MFp8UHwwOTIyMzM3MjAzNjg1NDc3NTgwOQ=="}""");
        page.NextPageToken.ShouldBe("QUFQTHwyMDIxLTEwLTEzVDA4OjAwOjAwLjA4OTYwNzY4MFp8UHwwOTIyMzM3MjAzNjg1NDc3NTgwOQ==");
        page.Errors.ShouldBeEmpty();
        page.Quotes.ShouldBeEmpty();
        var trade = page.Trades.ShouldHaveSingleItem();
        trade.Conditions.ShouldBe(["@", "T"]);
        (trade with { Conditions = null }).ShouldBe(
            new Trade("AAPL", 140.2, 595, Ts("2021-10-13T08:00:00.08960768Z"), TradeId: 1, Exchange: "P", Tape: "C"));
    }

    [Fact]
    public void Recorded_GO_canceled_trade_is_kept_with_its_blank_condition_and_its_update_state()
    {
        // The item is GO TestGetTrades_Update's, quoted in alpaca-protocol.md 5.3; the page around it is hand-made.
        var page = EquityTrades("""{"trades":{"A":[{"t":"2022-10-21T20:19:03.752176Z","x":"D","p":129.88,"s":5,"c":[" ","T","I"],"i":71697353758036,"z":"A","u":"canceled"}]},"next_page_token":null}""");
        page.Errors.ShouldBeEmpty();
        var trade = page.Trades.ShouldHaveSingleItem();
        trade.Conditions.ShouldBe([" ", "T", "I"]);
        trade.TradeId.ShouldBe(71697353758036);
        trade.Timestamp.ShouldBe(Ts("2022-10-21T20:19:03.752176Z"));
        trade.Update.ShouldBe("canceled"); // contract 1.3: TA leaves it out of its microbars
        page.NextPageToken.ShouldBeNull();
    }

    [Fact]
    public void Recorded_GO_latest_crypto_trade_map_reads_as_one_trade_with_taker_side()
    {
        // alpaca-protocol.md 5.3, GO rest_test.go TestLatestCryptoTrade: a symbol mapped to one trade, no token.
        var page = CryptoTrades("""{"trades":{"BTC/USD":{"t":"2021-11-22T08:32:39.313396Z","p":57527,"s":0.0755,"tks":"B","i":17209535}}}""");
        page.Trades.ShouldHaveSingleItem().ShouldBe(
            new Trade("BTC/USD", 57527, 0.0755, Ts("2021-11-22T08:32:39.313396Z"), TradeId: 17209535, TakerSide: "B"));
        page.NextPageToken.ShouldBeNull();
    }

    [Fact]
    public void Recorded_GO_latest_crypto_quote_map_reads_as_one_quote()
    {
        // alpaca-protocol.md 5.3, GO rest_test.go TestLatestCryptoQuote.
        var page = CryptoQuotes("""{"quotes":{"BTC/USD":{"t":"2022-02-25T12:56:22.338903764Z","bp":39381.18,"bs":1.522012,"ap":39463.42,"as":1.5}}}""");
        page.Trades.ShouldBeEmpty();
        page.Quotes.ShouldHaveSingleItem().ShouldBe(
            new Quote("BTC/USD", 39381.18, 1.522012, 39463.42, 1.5, Ts("2022-02-25T12:56:22.338903764Z")));
    }

    [Fact]
    public void Recorded_empty_last_page_with_the_token_first()
    {
        // alpaca-protocol.md 5.5 (GO TestGetCryptoMultiTrades' last page).
        var page = CryptoTrades("""{"next_page_token":null,"trades":{}}""");
        page.Trades.ShouldBeEmpty();
        page.Errors.ShouldBeEmpty();
        page.NextPageToken.ShouldBeNull();
    }

    [Fact]
    public void Multi_symbol_crypto_page_keeps_page_order_across_symbols_and_exact_int64_ids()
    {
        // Hand-made: token first, the tail of one symbol then the head of the next (5.5); ids past 2^53 and 0.
        var page = CryptoTrades("""{"next_page_token":"U1VTSEl8MQ==","trades":{"BAT/USD":[{"i":3447222699101865076,"p":0.1684,"s":1929.5,"t":"2023-01-01T20:29:36.793Z","tks":"S"},{"i":0,"p":0.1685,"s":90.41,"t":"2023-01-01T20:46:54Z","tks":"B"}],"SUSHI/USD":[{"i":2590119,"p":0.94,"s":192.963,"t":"2023-01-01T20:03:20.783123456Z","tks":"-"}]}}""");
        page.NextPageToken.ShouldBe("U1VTSEl8MQ==");
        page.Trades.Select(t => (t.Symbol, t.TradeId, t.TakerSide)).ShouldBe(
            [("BAT/USD", 3447222699101865076L, "S"), ("BAT/USD", 0L, "B"), ("SUSHI/USD", 2590119L, "-")]);
        page.Trades.Select(t => t.Size).ShouldBe([1929.5, 90.41, 192.963]);
    }

    [Fact]
    public void Stock_quotes_keep_crossed_books_and_wrap_a_scalar_condition()
    {
        // Hand-made after 5.5: pre-market quotes can be crossed (ask below bid), as in alpaca-py's test_get_quotes page.
        var page = EquityQuotes("""{"quotes":{"AAPL":[{"t":"2022-03-09T09:00:00.000059Z","ax":"K","ap":158.65,"as":1,"bx":"Q","bp":159.52,"bs":4,"c":["R"],"z":"C"},{"t":"2022-03-09T09:00:01Z","ax":"K","ap":158.8,"as":1,"bx":"Q","bp":159.52,"bs":4,"c":"R","z":"C"}]},"next_page_token":null}""");
        page.Errors.ShouldBeEmpty();
        page.Quotes.Count.ShouldBe(2);
        var crossed = page.Quotes[0];
        (crossed with { Conditions = null }).ShouldBe(new Quote("AAPL", 159.52, 4, 158.65, 1, Ts("2022-03-09T09:00:00.000059Z"), "Q", "K", null, "C"));
        crossed.Conditions.ShouldBe(["R"]);
        page.Quotes[1].Conditions.ShouldBe(["R"]);
    }

    [Fact]
    public void Single_symbol_page_names_its_items_whether_symbol_comes_before_or_after()
    {
        // Hand-made after the /v2/stocks/{symbol}/trades shape in 5.5.
        const string items = """[{"t":"2021-02-08T09:00:19.932405248Z","x":"P","p":136.68,"s":25,"c":["@","T","I"],"i":55,"z":"C"},{"t":"2021-02-08T09:00:20Z","x":"P","p":136.7,"s":1,"i":56,"z":"C"}]""";
        foreach (var body in new[]
                 {
                     $$"""{"trades":{{items}},"symbol":"AAPL","next_page_token":"dG9rZW4="}""",
                     $$"""{"symbol":"AAPL","next_page_token":"dG9rZW4=","trades":{{items}}}""",
                 })
        {
            var page = EquityTrades(body);
            page.Trades.Select(t => (t.Symbol, t.TradeId)).ShouldBe([("AAPL", 55L), ("AAPL", 56L)]);
            page.NextPageToken.ShouldBe("dG9rZW4=");
        }
    }

    [Fact]
    public void Symbols_are_canonicalized_through_the_lanes_codec()
    {
        var page = CryptoTrades("""{"trades":{"btc/usd":[{"t":"2024-03-12T10:00:00Z","p":1,"s":1,"i":1}]}}""");
        page.Trades.ShouldHaveSingleItem().Symbol.ShouldBe("BTC/USD");
    }

    [Fact]
    public void Timestamps_with_zero_to_nine_fractional_digits_keep_their_precision()
    {
        var page = CryptoQuotes("""{"quotes":{"ETH/USD":[{"t":"2024-03-12T10:00:00Z","bp":1,"bs":1,"ap":2,"as":1},{"t":"2024-03-12T10:00:00.1Z","bp":1,"bs":1,"ap":2,"as":1},{"t":"2024-03-12T10:00:00.121Z","bp":1,"bs":1,"ap":2,"as":1},{"t":"2024-03-12T10:00:00.08960768Z","bp":1,"bs":1,"ap":2,"as":1},{"t":"2024-03-12T10:00:00.858228144Z","bp":1,"bs":1,"ap":2,"as":1}]}}""");
        page.Quotes.Select(q => q.Timestamp.UnixNanoseconds % 1_000_000_000).ShouldBe([0L, 100_000_000L, 121_000_000L, 89_607_680L, 858_228_144L]);
    }

    [Fact]
    public void Unknown_keys_anywhere_are_ignored()
    {
        var page = EquityTrades("""{"currency":"JPY","meta":{"a":[1,{"b":null}]},"trades":{"AAPL":[{"t":"2021-10-13T08:00:00Z","x":"P","p":15922.93,"s":595,"i":1,"z":"C","u":"corrected","extra":[1,2],"q":{"x":1}}]},"next_page_token":null}""");
        page.Errors.ShouldBeEmpty();
        page.Trades.ShouldHaveSingleItem().Price.ShouldBe(15922.93);
    }
}
