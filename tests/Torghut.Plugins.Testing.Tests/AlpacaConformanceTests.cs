using Alpaca.Crypto;
using Alpaca.Equity;

namespace Torghut.Plugins.Testing.Tests;

/// <summary>The reference plugins pass the kit with the documented Alpaca samples.</summary>
public class AlpacaConformanceTests
{
    [Fact]
    public void Alpaca_crypto_conforms() => PluginConformance.AssertConforms(new AlpacaCryptoPlugin(), AlpacaSamples.Crypto);

    [Fact]
    public void Alpaca_equity_conforms() => PluginConformance.AssertConforms(new AlpacaEquityPlugin(), AlpacaSamples.Equity);

    [Fact]
    public void Alpaca_crypto_conforms_with_a_small_batch_size() =>
        PluginConformance.AssertConforms(new AlpacaCryptoPlugin(), AlpacaSamples.Crypto with
        {
            Settings = new Dictionary<string, string?> { ["SUBSCRIBE_BATCH_SIZE"] = "7", ["ALPACA_CRYPTO_LOCATION"] = "eu-1" },
        });
}
