using System.Web;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

public class RestRequestTests
{
    private static readonly BarsRequest CryptoPage = new(
        ["BTC/USD", "ETH/USD"], BarTimeframe.OneMinute,
        Ts("2024-03-12T10:00:00Z"), Ts("2024-03-12T10:27:48.858228144Z"));

    private static System.Collections.Specialized.NameValueCollection Query(Uri uri) => HttpUtility.ParseQueryString(uri.Query);

    [Fact]
    public void Crypto_bars_url_has_the_location_path_and_no_feed()
    {
        var spec = CryptoBackfill().BuildRequest(CryptoPage, null);
        spec.Uri.GetLeftPart(UriPartial.Path).ShouldBe("https://data.alpaca.markets/v1beta3/crypto/us/bars");
        var q = Query(spec.Uri);
        q.AllKeys.ShouldBe(["symbols", "timeframe", "start", "end", "limit", "sort"]);
        q["symbols"].ShouldBe("BTC/USD,ETH/USD");
        q["timeframe"].ShouldBe("1Min");
        q["start"].ShouldBe("2024-03-12T10:00:00Z");
        q["end"].ShouldBe("2024-03-12T10:27:48.858228144Z");
        q["limit"].ShouldBe("10000");
        q["sort"].ShouldBe("asc");
        spec.Headers.ShouldBeEmpty();
    }

    [Fact]
    public void Crypto_bars_url_follows_location_and_base_url_with_trailing_slash()
    {
        var spec = CryptoBackfill(("ALPACA_BASE_URL", "http://127.0.0.1:8765/"), ("ALPACA_CRYPTO_LOCATION", "eu-1"))
            .BuildRequest(CryptoPage, null);
        spec.Uri.GetLeftPart(UriPartial.Path).ShouldBe("http://127.0.0.1:8765/v1beta3/crypto/eu-1/bars");
        Query(spec.Uri)["feed"].ShouldBeNull();
    }

    [Fact]
    public void Credentials_become_alpaca_headers_for_crypto_too()
    {
        var spec = CryptoBackfill().BuildRequest(CryptoPage, new VenueCredentials("AKID", "s3cret"));
        spec.Headers["APCA-API-KEY-ID"].ShouldBe("AKID");
        spec.Headers["APCA-API-SECRET-KEY"].ShouldBe("s3cret");
        spec.Uri.ToString().ShouldNotContain("s3cret");
    }

    [Fact]
    public void Paging_token_limit_clamp_and_descending_sort_are_passed()
    {
        var source = CryptoBackfill();
        source.MaxPageSize.ShouldBe(10_000);
        var q = Query(source.BuildRequest(CryptoPage with { PageToken = "QUFQTHwy+/=", Limit = 50_000, Descending = true }, null).Uri);
        q["page_token"].ShouldBe("QUFQTHwy+/=");
        q["limit"].ShouldBe("10000");
        q["sort"].ShouldBe("desc");
        Query(source.BuildRequest(CryptoPage with { Limit = 0 }, null).Uri)["limit"].ShouldBe("1");
        Query(source.BuildRequest(CryptoPage with { Limit = 250 }, null).Uri)["limit"].ShouldBe("250");
    }

    [Fact]
    public void Start_and_end_are_omitted_when_not_given()
    {
        var q = Query(CryptoBackfill().BuildRequest(CryptoPage with { Start = null, End = null }, null).Uri);
        q["start"].ShouldBeNull();
        q["end"].ShouldBeNull();
    }

    [Fact]
    public void Equity_bars_url_has_feed_and_adjustment()
    {
        var spec = EquityBackfill(("ALPACA_FEED", "sip"), ("ALPACA_ADJUSTMENT", "split"))
            .BuildRequest(new BarsRequest(["AAPL", "BRK.B"], new BarTimeframe(15, TimeframeUnit.Minute), Ts("2021-10-15T16:00:00Z"), null), null);
        spec.Uri.GetLeftPart(UriPartial.Path).ShouldBe("https://data.alpaca.markets/v2/stocks/bars");
        var q = Query(spec.Uri);
        q["symbols"].ShouldBe("AAPL,BRK.B");
        q["timeframe"].ShouldBe("15Min");
        q["feed"].ShouldBe("sip");
        q["adjustment"].ShouldBe("split");
    }

    [Theory]
    [InlineData(null, "iex")]
    [InlineData("iex", "iex")]
    [InlineData("sip", "sip")]
    [InlineData("delayed_sip", "sip")]
    [InlineData("test", "iex")]
    public void Equity_rest_feed_maps_stream_only_feeds(string? feed, string expected) =>
        Query(EquityBackfill(("ALPACA_FEED", feed)).BuildRequest(new BarsRequest(["AAPL"], BarTimeframe.OneMinute, null, null), null).Uri)["feed"]
            .ShouldBe(expected);

    [Fact]
    public void Equity_adjustment_defaults_to_raw_and_rejects_unknown_values()
    {
        Query(EquityBackfill().BuildRequest(new BarsRequest(["AAPL"], BarTimeframe.OneMinute, null, null), null).Uri)["adjustment"].ShouldBe("raw");
        Should.Throw<ArgumentException>(() => EquityBackfill(("ALPACA_ADJUSTMENT", "weird"))).Message.ShouldContain("ALPACA_ADJUSTMENT");
    }

    [Fact]
    public void Invalid_base_url_is_rejected_naming_the_setting() =>
        Should.Throw<ArgumentException>(() => CryptoBackfill(("ALPACA_BASE_URL", "wss://data.alpaca.markets"))).Message.ShouldContain("ALPACA_BASE_URL");

    [Fact]
    public void An_empty_symbol_list_is_refused() =>
        Should.Throw<ArgumentException>(() => CryptoBackfill().BuildRequest(CryptoPage with { Symbols = [] }, null));
}
