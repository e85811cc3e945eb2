using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration;

namespace Torghut.Host.Flags;

/// <summary>
/// Maps upstream's single-market switch <c>ALPACA_MARKET_TYPE</c> (crypto | equity) onto the lane flags:
/// the named market's lane on, the other off. Upstream could run only one; here both lanes can run, so this is a
/// default that the flags file and explicit flag env vars override.
/// </summary>
public sealed class MarketTypeFlagsSource(IReadOnlyDictionary<string, string?> environment) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(environment);

    private sealed class Provider(IReadOnlyDictionary<string, string?> environment) : ConfigurationProvider, IFlagSource
    {
        public override void Load()
        {
            if (!environment.TryGetValue(ConfigKeys.MarketType, out var raw) || string.IsNullOrWhiteSpace(raw)) return;
            var (crypto, equity) = raw.Trim().ToLowerInvariant() switch
            {
                "crypto" => (true, false),
                "equity" or "equities" or "stocks" => (false, true),
                _ => throw new ConfigException($"{ConfigKeys.MarketType}: '{raw}' is not a market type (use crypto or equity)"),
            };
            Data[FlagKeys.ConfigPath(FlagKeys.WsCrypto)] = FlagBool.Text(crypto);
            Data[FlagKeys.ConfigPath(FlagKeys.WsEquity)] = FlagBool.Text(equity);
        }

        public string Describe(string flagKey) => $"env {ConfigKeys.MarketType}";
    }
}
