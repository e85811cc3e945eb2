using Torghut.Host.Lanes;

namespace Torghut.Host.Gateway;

/// <summary>
/// The symbols the gateway accepts: what this host's lanes stream now (crypto pairs have a '/'), or, on a host whose
/// lanes do not carry a market (a TA-only process, a lane switched off), the configured list for it.
/// </summary>
internal sealed class GatewayUniverse(ILaneSupervisor lanes, GatewayOptions options)
{
    public IReadOnlySet<string> Symbols(bool crypto)
    {
        var streamed = lanes.States.SelectMany(s => s.Symbols).Where(s => s.Contains('/') == crypto)
            .ToHashSet(StringComparer.Ordinal);
        if (streamed.Count > 0) return streamed;
        var definition = crypto ? LaneDefinition.Crypto : LaneDefinition.Equity;
        var configured = crypto ? options.CryptoSymbols : options.EquitySymbols;
        var list = string.IsNullOrWhiteSpace(configured)
            ? definition.DefaultSymbols
            : configured.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return list.ToHashSet(StringComparer.Ordinal);
    }
}
