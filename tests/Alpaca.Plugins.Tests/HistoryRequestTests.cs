using System.Web;
using Alpaca.Shared;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

/// <summary>Trades and quotes page requests (alpaca-protocol.md 5.5): the exact URL a host sends.</summary>
public class HistoryRequestTests
{
    private static readonly HistoryRequest CryptoTrades = new(
        ["BTC/USD", "ETH/USD"], HistoryKind.Trades, Ts("2024-03-12T10:00:00Z"), Ts("2024-03-12T10:27:48.858228144Z"));

    private static readonly HistoryRequest EquityQuotes = new(
        ["AAPL", "BRK.B"], HistoryKind.Quotes, Ts("2021-10-04T18:00:14Z"), Ts("2021-10-04T18:00:15.5Z"), Limit: 10);

    private static System.Collections.Specialized.NameValueCollection Query(Uri uri) => HttpUtility.ParseQueryString(uri.Query);

    [Fact]
    public void Crypto_trades_url_is_exact_with_each_symbol_escaped_and_nanosecond_end()
    {
        var spec = CryptoHistory().BuildHistoryRequest(CryptoTrades, null);
        spec.Uri.AbsoluteUri.ShouldBe("https://data.alpaca.markets/v1beta3/crypto/us/trades"
            + "?symbols=BTC%2FUSD,ETH%2FUSD&start=2024-03-12T10%3A00%3A00Z&end=2024-03-12T10%3A27%3A48.858228144Z"
            + "&limit=10000&sort=asc");
        spec.Headers.ShouldBeEmpty();
    }

    [Fact]
    public void Crypto_quotes_follow_location_and_a_base_url_with_a_path_prefix_and_take_no_feed()
    {
        var spec = CryptoHistory(("ALPACA_BASE_URL", "http://127.0.0.1:8765/proxy/"), ("ALPACA_CRYPTO_LOCATION", "eu-1"), ("ALPACA_FEED", "sip"))
            .BuildHistoryRequest(CryptoTrades with { Kind = HistoryKind.Quotes }, null);
        spec.Uri.GetLeftPart(UriPartial.Path).ShouldBe("http://127.0.0.1:8765/proxy/v1beta3/crypto/eu-1/quotes");
        Query(spec.Uri).AllKeys.ShouldBe(["symbols", "start", "end", "limit", "sort"]);
    }

    [Fact]
    public void Equity_quotes_url_is_exact_with_the_feed_and_no_adjustment()
    {
        var spec = EquityHistory(("ALPACA_FEED", "sip"), ("ALPACA_ADJUSTMENT", "split")).BuildHistoryRequest(EquityQuotes, null);
        spec.Uri.AbsoluteUri.ShouldBe("https://data.alpaca.markets/v2/stocks/quotes"
            + "?symbols=AAPL,BRK.B&start=2021-10-04T18%3A00%3A14Z&end=2021-10-04T18%3A00%3A15.500Z&limit=10&sort=asc&feed=sip");
    }

    [Theory]
    [InlineData(null, "iex")]
    [InlineData("iex", "iex")]
    [InlineData("sip", "sip")]
    [InlineData("delayed_sip", "sip")] // a stream-only feed: its history is plain SIP
    [InlineData("test", "iex")] // the test stream has no history of its own
    public void Equity_trades_ask_for_a_historical_feed(string? feed, string expected)
    {
        var spec = EquityHistory(("ALPACA_FEED", feed)).BuildHistoryRequest(EquityQuotes with { Kind = HistoryKind.Trades }, null);
        spec.Uri.GetLeftPart(UriPartial.Path).ShouldBe("https://data.alpaca.markets/v2/stocks/trades");
        Query(spec.Uri)["feed"].ShouldBe(expected);
    }

    [Fact]
    public void The_page_token_is_escaped_and_comes_back_unchanged()
    {
        const string token = "QkFUL1VTRHwyMDIzLTAxLTAxVDIwOjU1OjAzLjc1NTAwMDAwMFp8MDkyMjMzNzIwMzY4NTY3MzM2Njg+/=";
        var uri = CryptoHistory().BuildHistoryRequest(CryptoTrades with { PageToken = token }, null).Uri;
        uri.AbsoluteUri.ShouldContain("&page_token=QkFUL1VTRHwyMDIzLTAxLTAxVDIwOjU1OjAzLjc1NTAwMDAwMFp8MDkyMjMzNzIwMzY4NTY3MzM2Njg%2B%2F%3D&sort=asc");
        Query(uri)["page_token"].ShouldBe(token);
    }

    [Theory]
    [InlineData(null, "10000")]
    [InlineData(0, "1")]
    [InlineData(-5, "1")]
    [InlineData(250, "250")]
    [InlineData(50_000, "10000")]
    public void Limit_is_clamped_to_what_alpaca_accepts(int? limit, string expected) =>
        Query(EquityHistory().BuildHistoryRequest(EquityQuotes with { Limit = limit }, null).Uri)["limit"].ShouldBe(expected);

    [Fact]
    public void Credentials_become_alpaca_headers_and_stay_out_of_the_url()
    {
        var spec = CryptoHistory().BuildHistoryRequest(CryptoTrades, new VenueCredentials("AKID", "s3cret"));
        spec.Headers["APCA-API-KEY-ID"].ShouldBe("AKID");
        spec.Headers["APCA-API-SECRET-KEY"].ShouldBe("s3cret");
        spec.Uri.AbsoluteUri.ShouldNotContain("s3cret");
    }

    [Fact]
    public void Both_markets_serve_trades_and_quotes_in_pages_of_up_to_10000()
    {
        foreach (var history in new[] { CryptoHistory(), EquityHistory() })
        {
            history.SupportsHistory(HistoryKind.Trades).ShouldBeTrue();
            history.SupportsHistory(HistoryKind.Quotes).ShouldBeTrue();
            history.SupportsHistory((HistoryKind)7).ShouldBeFalse();
            history.MaxHistoryPageSize.ShouldBe(10_000);
        }
    }

    [Fact]
    public void Requests_alpaca_cannot_answer_are_refused()
    {
        var history = CryptoHistory();
        Should.Throw<ArgumentException>(() => history.BuildHistoryRequest(CryptoTrades with { Symbols = [] }, null));
        Should.Throw<ArgumentException>(() => history.BuildHistoryRequest(CryptoTrades with { Symbols = ["BTC/USD", " "] }, null));
        Should.Throw<ArgumentException>(() => history.BuildHistoryRequest(CryptoTrades with { End = Ts("2024-03-12T09:59:59Z") }, null));
        Should.Throw<ArgumentException>(() => history.BuildHistoryRequest(CryptoTrades with { Kind = (HistoryKind)7 }, null));
    }

    [Fact]
    public void A_source_built_without_history_endpoints_says_so_and_refuses_history_requests()
    {
        var bare = new AlpacaBackfillSource(new Uri("https://data.alpaca.markets/v2/stocks/bars"));
        bare.SupportsHistory(HistoryKind.Trades).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => bare.BuildHistoryRequest(EquityQuotes, null)).Message.ShouldContain("Quotes");
    }
}
