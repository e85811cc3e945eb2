namespace Torghut.Abstractions;

/// <summary>The market a plugin serves. A lane is enabled per market by feature flags.</summary>
public enum Market
{
    /// <summary>Crypto pairs, traded 24/7, canonical symbol <c>BASE/QUOTE</c>.</summary>
    Crypto,
    /// <summary>Equities with exchange sessions, canonical symbol an upper-case ticker.</summary>
    Equity,
    /// <summary>Anything else (e.g. a simulator or a replay venue).</summary>
    Other,
}

/// <summary>The services a plugin provides.</summary>
[Flags]
public enum PluginServices
{
    /// <summary>No service.</summary>
    None = 0,
    /// <summary>Provides an <see cref="IFeedEndpoint"/>.</summary>
    Feed = 1,
    /// <summary>Provides an <see cref="IBackfillSource"/>.</summary>
    Backfill = 2,
    /// <summary>Provides an <see cref="ISymbolCodec"/>.</summary>
    SymbolCodec = 4,
    /// <summary>Provides an <see cref="IVenueSimulator"/> (a local stand-in for the venue).</summary>
    Simulator = 8,
    /// <summary>Its backfill source also implements <see cref="IMarketHistorySource"/> (trades and quotes history; contract 1.1).</summary>
    History = 16,
}

/// <summary>What a plugin says about itself. The host reads it before using anything else the plugin offers.</summary>
/// <param name="Name">Unique plugin name, e.g. <c>Alpaca.Crypto</c>.</param>
/// <param name="Version">The plugin's own version, e.g. <c>1.2.0</c>.</param>
/// <param name="Market">The market its lanes serve.</param>
/// <param name="ContractVersion">The contract version it was built against (<c>major.minor</c>); normally
/// <see cref="Abstractions.ContractVersion.Text"/> at build time.</param>
/// <param name="Services">Which services it provides.</param>
/// <param name="Venue">The venue family, e.g. <c>alpaca</c>; used to pair a simulator with its feeds.</param>
public sealed record PluginManifest(
    string Name,
    string Version,
    Market Market,
    string ContractVersion,
    PluginServices Services,
    string Venue);
