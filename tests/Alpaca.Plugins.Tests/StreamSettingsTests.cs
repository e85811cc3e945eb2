namespace Alpaca.Plugins.Tests;

using static Lanes;

public class StreamSettingsTests
{
    [Fact]
    public void Crypto_defaults_to_the_us_location_path()
    {
        var feed = CryptoFeed();
        feed.StreamUri.ToString().ShouldBe("wss://stream.data.alpaca.markets/v1beta3/crypto/us");
        feed.Channels.ShouldBe(["trades", "quotes", "bars", "updatedBars"]);
        feed.SupportedChannels.ShouldBe(["trades", "quotes", "bars", "updatedBars", "dailyBars", "orderbooks"]);
        feed.MaxSymbolsPerMessage.ShouldBe(200);
    }

    [Theory]
    [InlineData("us-1", "wss://stream.data.alpaca.markets/v1beta3/crypto/us-1")]
    [InlineData("eu-1", "wss://stream.data.alpaca.markets/v1beta3/crypto/eu-1")]
    [InlineData("us", "wss://stream.data.alpaca.markets/v1beta3/crypto/us")]
    [InlineData("us-2", "wss://stream.data.alpaca.markets/v1beta3/crypto/us-2")]
    [InlineData("bs-1", "wss://stream.data.alpaca.markets/v1beta3/crypto/bs-1")]
    public void Crypto_location_selects_the_path(string location, string expected) =>
        CryptoFeed(("ALPACA_CRYPTO_LOCATION", location)).StreamUri.ToString().ShouldBe(expected);

    [Fact]
    public void Crypto_ignores_ALPACA_FEED_even_when_it_would_be_invalid_for_equity() =>
        CryptoFeed(("ALPACA_FEED", "bogus")).StreamUri.ToString().ShouldBe("wss://stream.data.alpaca.markets/v1beta3/crypto/us");

    [Theory]
    [InlineData("us-3")]
    [InlineData("global")]
    public void Invalid_crypto_location_is_rejected_naming_the_setting_and_allowed_values(string location)
    {
        var ex = Should.Throw<ArgumentException>(() => CryptoFeed(("ALPACA_CRYPTO_LOCATION", location)));
        ex.Message.ShouldContain("ALPACA_CRYPTO_LOCATION");
        ex.Message.ShouldContain("us | us-1 | eu-1 | us-2 | bs-1");
    }

    [Theory]
    [InlineData(null, "wss://stream.data.alpaca.markets/v2/iex")]
    [InlineData("sip", "wss://stream.data.alpaca.markets/v2/sip")]
    [InlineData("delayed_sip", "wss://stream.data.alpaca.markets/v2/delayed_sip")]
    [InlineData("test", "wss://stream.data.alpaca.markets/v2/test")]
    public void Equity_feed_selects_the_path(string? feed, string expected) =>
        EquityFeed(("ALPACA_FEED", feed)).StreamUri.ToString().ShouldBe(expected);

    [Fact]
    public void Equity_default_channels_include_statuses()
    {
        var feed = EquityFeed();
        feed.Channels.ShouldBe(["trades", "quotes", "bars", "updatedBars", "statuses"]);
        feed.SupportedChannels.ShouldContain("lulds");
        feed.SupportedChannels.ShouldNotContain("orderbooks");
    }

    [Fact]
    public void Invalid_equity_feed_is_rejected_naming_the_setting_and_allowed_values()
    {
        var ex = Should.Throw<ArgumentException>(() => EquityFeed(("ALPACA_FEED", "overnight")));
        ex.Message.ShouldContain("ALPACA_FEED");
        ex.Message.ShouldContain("iex | sip | delayed_sip | test");
    }

    [Theory]
    [InlineData("wss://stream.data.alpaca.markets/", "wss://stream.data.alpaca.markets/v2/iex")]
    [InlineData("wss://stream.data.alpaca.markets//", "wss://stream.data.alpaca.markets/v2/iex")]
    [InlineData("ws://127.0.0.1:8765", "ws://127.0.0.1:8765/v2/iex")]
    [InlineData("http://127.0.0.1:8765/", "ws://127.0.0.1:8765/v2/iex")]
    [InlineData("https://stream.data.sandbox.alpaca.markets", "wss://stream.data.sandbox.alpaca.markets/v2/iex")]
    [InlineData("https://proxy.example/alpaca/", "wss://proxy.example/alpaca/v2/iex")]
    public void Stream_url_tolerates_trailing_slashes_and_maps_http_to_ws(string setting, string expected) =>
        EquityFeed(("ALPACA_STREAM_URL", setting)).StreamUri.ToString().ShouldBe(expected);

    [Fact]
    public void Simulator_stream_url_works_for_crypto_too() =>
        CryptoFeed(("ALPACA_STREAM_URL", "ws://127.0.0.1:5123/"), ("ALPACA_CRYPTO_LOCATION", "eu-1"))
            .StreamUri.ToString().ShouldBe("ws://127.0.0.1:5123/v1beta3/crypto/eu-1");

    [Theory]
    [InlineData("ftp://stream.example")]
    [InlineData("not a url")]
    [InlineData("/relative/path")]
    public void Invalid_stream_url_is_rejected_naming_the_setting(string setting) =>
        Should.Throw<ArgumentException>(() => CryptoFeed(("ALPACA_STREAM_URL", setting))).Message.ShouldContain("ALPACA_STREAM_URL");

    [Fact]
    public void Channels_setting_overrides_the_defaults_case_insensitively()
    {
        CryptoFeed(("ALPACA_MARKET_DATA_CHANNELS", " trades , Bars,orderbooks,trades")).Channels
            .ShouldBe(["trades", "bars", "orderbooks"]);
        EquityFeed(("ALPACA_MARKET_DATA_CHANNELS", "lulds,imbalances")).Channels.ShouldBe(["lulds", "imbalances"]);
    }

    [Theory]
    [InlineData("statuses")] // equity only
    [InlineData("trades,news")]
    [InlineData(",")]
    public void Crypto_channels_outside_the_supported_set_are_rejected(string channels)
    {
        var ex = Should.Throw<ArgumentException>(() => CryptoFeed(("ALPACA_MARKET_DATA_CHANNELS", channels)));
        ex.Message.ShouldContain("ALPACA_MARKET_DATA_CHANNELS");
        ex.Message.ShouldContain("orderbooks");
    }

    [Fact]
    public void Equity_rejects_the_crypto_only_orderbooks_channel() =>
        Should.Throw<ArgumentException>(() => EquityFeed(("ALPACA_MARKET_DATA_CHANNELS", "orderbooks")))
            .Message.ShouldContain("ALPACA_MARKET_DATA_CHANNELS");

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("lots")]
    public void Invalid_batch_size_is_rejected(string size) =>
        Should.Throw<ArgumentException>(() => CryptoFeed(("SUBSCRIBE_BATCH_SIZE", size))).Message.ShouldContain("SUBSCRIBE_BATCH_SIZE");

    [Fact]
    public void Batch_size_setting_is_the_symbols_per_message() =>
        EquityFeed(("SUBSCRIBE_BATCH_SIZE", "50")).MaxSymbolsPerMessage.ShouldBe(50);
}
