using Alpaca.Shared;

namespace Alpaca.Plugins.Tests;

public class SymbolCodecTests
{
    private readonly CryptoSymbolCodec _crypto = new();
    private readonly EquitySymbolCodec _equity = new();

    [Theory]
    [InlineData("BTC/USD", "BTC/USD")]
    [InlineData("btc/usd", "BTC/USD")]
    [InlineData(" BTC/USD ", "BTC/USD")]
    [InlineData("BTCUSD", "BTC/USD")]
    [InlineData("btcusdt", "BTC/USDT")]
    [InlineData("ETHBTC", "ETH/BTC")]
    [InlineData("UNIUSDC", "UNI/USDC")]
    [InlineData("USDTUSD", "USDT/USD")]
    [InlineData("1INCH/USD", "1INCH/USD")]
    [InlineData("ETH/EUR", "ETH/EUR")]
    public void Crypto_canonical_form_is_upper_case_base_slash_quote(string raw, string expected)
    {
        var result = _crypto.Canonicalize(raw);
        result.IsValid.ShouldBeTrue(result.Error);
        result.Symbol.ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("'; DROP TABLE")]
    [InlineData("'; DROP TABLE bars; --")]
    [InlineData("BTC//USD")]
    [InlineData("BTC/")]
    [InlineData("/USD")]
    [InlineData("BTC/USD/EUR")]
    [InlineData("BTC-USD")]
    [InlineData("BTC_USD")]
    [InlineData("BTC.USD")]
    [InlineData("USD")]
    [InlineData("FOOBAR")]
    [InlineData("BTC USD")]
    [InlineData("ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ")]
    [InlineData("*")]
    public void Crypto_rejects_garbage_with_a_reason(string? raw)
    {
        var result = _crypto.Canonicalize(raw);
        result.IsValid.ShouldBeFalse();
        result.Symbol.ShouldBeNull();
        result.Error.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Crypto_length_limit_is_32_characters_after_trimming()
    {
        var base31 = new string('A', 28) + "/USD"; // 32 characters
        _crypto.Canonicalize("  " + base31 + "  ").Symbol.ShouldBe(base31);
        _crypto.Canonicalize("A" + base31).Error!.ShouldContain("32");
    }

    [Fact]
    public void Crypto_broker_form_drops_the_slash()
    {
        _crypto.ToBrokerForm("BTC/USD").ShouldBe("BTCUSD");
        _crypto.Canonicalize(_crypto.ToBrokerForm("ETH/USDT")).Symbol.ShouldBe("ETH/USDT");
        _crypto.Market.ShouldBe(Torghut.Abstractions.Market.Crypto);
    }

    [Theory]
    [InlineData("AAPL", "AAPL")]
    [InlineData(" aapl ", "AAPL")]
    [InlineData("BRK.B", "BRK.B")]
    [InlineData("brk.b", "BRK.B")]
    [InlineData("BF-B", "BF-B")]
    [InlineData("FAKEPACA", "FAKEPACA")]
    [InlineData("3690", "3690")]
    public void Equity_canonical_form_is_an_upper_case_ticker(string raw, string expected)
    {
        _equity.Canonicalize(raw).Symbol.ShouldBe(expected);
        _equity.ToBrokerForm(expected).ShouldBe(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("BTC/USD")]
    [InlineData("BRK.B.C")]
    [InlineData("BRK.-B")]
    [InlineData("BRK.")]
    [InlineData(".BRK")]
    [InlineData("AA_PL")]
    [InlineData("'; DROP TABLE")]
    [InlineData("AAPL;")]
    [InlineData("ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJ")]
    public void Equity_rejects_garbage_with_a_reason(string? raw)
    {
        var result = _equity.Canonicalize(raw);
        result.IsValid.ShouldBeFalse();
        result.Error.ShouldNotBeNullOrWhiteSpace();
    }
}
