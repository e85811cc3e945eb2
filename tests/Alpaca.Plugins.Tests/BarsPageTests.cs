using System.Text;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

/// <summary>Every bars page sample of alpaca-protocol.md section 5, copied as data.</summary>
public class BarsPageTests
{
    private static BarsPage Crypto(string body) => CryptoBackfill().DecodePage(Encoding.UTF8.GetBytes(body));
    private static BarsPage Equity(string body) => EquityBackfill().DecodePage(Encoding.UTF8.GetBytes(body));

    [Fact]
    public void GO_multi_symbol_page_with_null_token_is_the_last_page()
    {
        var page = Equity("""{"bars":{"AMZN":[{"t":"2021-10-15T16:00:00Z","o":3378.14,"h":3380.815,"l":3376.3001,"c":3379.72,"v":211689,"n":5435,"vw":3379.041755},{"t":"2021-10-15T16:15:00Z","o":3379.5241,"h":3383.24,"l":3376.49,"c":3377.82,"v":115850,"n":5544,"vw":3379.638266},{"t":"2021-10-15T16:30:00Z","o":3377.982,"h":3380.86,"l":3377,"c":3380,"v":58531,"n":3679,"vw":3379.100605},{"t":"2021-10-15T16:45:00Z","o":3379.73,"h":3387.17,"l":3378.7701,"c":3386.7615,"v":83180,"n":4736,"vw":3381.838113},{"t":"2021-10-15T17:00:00Z","o":3387.56,"h":3390.74,"l":3382.87,"c":3382.87,"v":134339,"n":5832,"vw":3387.086825}]},"next_page_token":null}""");
        page.NextPageToken.ShouldBeNull();
        page.Errors.ShouldBeEmpty();
        page.Bars.Count.ShouldBe(5);
        page.Bars.ShouldAllBe(b => b.Symbol == "AMZN" && b.Kind == BarKind.Historical);
        page.Bars[0].ShouldBe(new Bar("AMZN", 3378.14, 3380.815, 3376.3001, 3379.72, 211689, Ts("2021-10-15T16:00:00Z"), BarKind.Historical, 3379.041755, 5435));
        page.Bars[4].Timestamp.ShouldBe(Ts("2021-10-15T17:00:00Z"));
    }

    [Fact]
    public void GO_asof_page_carries_a_next_page_token()
    {
        var page = Equity("""{"bars":{"META":[{"t":"2022-06-08T04:00:00Z","o":194.67,"h":202.03,"l":194.41,"c":196.64,"v":22211813,"n":246906,"vw":198.364578},{"t":"2022-06-09T04:00:00Z","o":194.28,"h":199.45,"l":183.68,"c":184,"v":23458984,"n":281546,"vw":190.750577}]},"next_page_token":"TUVUQXxEfDIwMjItMDYtMDlUMDQ6MDA6MDAuMDAwMDAwMDAwWg=="}""");
        page.NextPageToken.ShouldBe("TUVUQXxEfDIwMjItMDYtMDlUMDQ6MDA6MDAuMDAwMDAwMDAwWg==");
        page.Bars.Select(b => b.Close).ShouldBe([196.64, 184]);
    }

    [Fact]
    public void Single_symbol_page_takes_the_symbol_that_follows_the_bars()
    {
        var page = Equity("""{"bars":[{"t":"2022-04-11T08:00:00Z","o":168.99,"h":169.81,"l":168.99,"c":169,"v":7170,"n":206,"vw":169.233976}],"symbol":"AAPL","next_page_token":"QUFQTHxNfDIwMjItMDQtMTFUMDg6MDA6MDAuMDAwMDAwMDAwWg=="}""");
        page.Bars.ShouldHaveSingleItem().ShouldBe(new Bar("AAPL", 168.99, 169.81, 168.99, 169, 7170, Ts("2022-04-11T08:00:00Z"), BarKind.Historical, 169.233976, 206));
        page.NextPageToken.ShouldBe("QUFQTHxNfDIwMjItMDQtMTFUMDg6MDA6MDAuMDAwMDAwMDAwWg==");
    }

    [Fact]
    public void GO_currency_variant_ignores_the_currency_key_and_reads_a_one_bar_map()
    {
        var page = Equity("""{"bars":{"AAPL":{"t":"2023-01-14T00:59:00Z","o":2536.46,"h":2536.46,"l":2536.46,"c":2536.46,"v":441,"n":57,"vw":2536.19}},"currency":"MXN"}""");
        page.Bars.ShouldHaveSingleItem().Volume.ShouldBe(441);
        page.NextPageToken.ShouldBeNull(); // absent token = last page
    }

    [Fact]
    public void GO_crypto_page_keeps_slash_symbols_and_fractional_volume()
    {
        var page = Crypto("""{"bars":{"BCH/USD":[{"t":"2021-11-11T11:11:00Z","o":679.75,"h":679.76,"l":679.26,"c":679.26,"v":3.67960285,"n":10,"vw":679.6324449731},{"t":"2021-11-11T11:12:00Z","o":679.44,"h":679.53,"l":679.44,"c":679.53,"v":0.18841132,"n":8,"vw":679.5228170977},{"t":"2021-11-11T11:13:00Z","o":679.61,"h":679.61,"l":679.43,"c":679.49,"v":2.20062522,"n":7,"vw":679.49710414}]},"next_page_token":null}""");
        page.Bars.Select(b => b.Volume).ShouldBe([3.67960285, 0.18841132, 2.20062522]);
        page.Bars.ShouldAllBe(b => b.Symbol == "BCH/USD");
    }

    [Fact]
    public void GO_latest_crypto_bar_map()
    {
        var page = Crypto("""{"bars":{"BTC/USD":{"t":"2022-02-25T12:50:00Z","o":38899.6,"h":39300,"l":38892.2,"c":39278.88,"v":74.02830613,"n":1086,"vw":39140.0960796263}}}""");
        page.Bars.ShouldHaveSingleItem().Vwap.ShouldBe(39140.0960796263);
    }

    [Fact]
    public void Multiple_symbols_and_unknown_keys_anywhere()
    {
        var page = Crypto("""{"meta":{"x":[1,2]},"bars":{"BTC/USD":[{"t":"2024-03-12T10:37:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":0,"n":0,"vw":0,"extra":"x"}],"ETH/USD":[]},"currency":"USD","next_page_token":"abc"}""");
        page.Bars.ShouldHaveSingleItem().Symbol.ShouldBe("BTC/USD");
        page.NextPageToken.ShouldBe("abc");
    }

    [Fact]
    public void A_bad_bar_is_reported_and_skipped()
    {
        var page = Crypto("""{"bars":{"BTC/USD":[{"t":"2024-03-12T10:37:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":3},{"t":"2024-03-12T10:38:00Z","o":"x","h":2,"l":0.5,"c":1.5,"v":3},7,{"t":"2024-03-12T10:39:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":3}]},"next_page_token":null}""");
        page.Bars.Select(b => b.Timestamp.ToString()).ShouldBe(["2024-03-12T10:37:00Z", "2024-03-12T10:39:00Z"]);
        page.Errors.Count.ShouldBe(2);
        page.Errors[0].Index.ShouldBe(1);
        page.Errors[0].Reason.ShouldContain("BTC/USD");
        page.Errors[0].Reason.ShouldContain("'o'");
        page.Errors[1].Index.ShouldBe(2);
    }

    [Fact]
    public void Empty_bars_object_or_null_is_an_empty_last_page()
    {
        Crypto("""{"bars":{},"next_page_token":null}""").Bars.ShouldBeEmpty();
        Crypto("""{"bars":null}""").Bars.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"next_page_token\":null}")]
    [InlineData("{\"bars\":\"nope\"}")]
    [InlineData("{\"bars\":{\"BTC/USD\":[{\"t\":\"2024-03-12T10:37:00Z\"")]
    [InlineData("{\"bars\":[{\"t\":\"2024-03-12T10:37:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}]}")]
    public void A_body_that_is_not_a_bars_page_throws_FormatException(string body) =>
        Should.Throw<FormatException>(() => Crypto(body)).Message.ShouldNotBeNullOrWhiteSpace();

    [Fact]
    public void A_venue_error_body_is_named_in_the_FormatException() =>
        Should.Throw<FormatException>(() => Crypto("""{"message":"invalid symbol: BTCUSD does not match ^[A-Z]+/[A-Z]+$"}"""))
            .Message.ShouldContain("invalid symbol: BTCUSD");
}
