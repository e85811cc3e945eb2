using System.Globalization;
using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Ingest.Repair;

/// <summary>How a lane repairs holes in its record (docs/repair.md).</summary>
public sealed record RepairOptions
{
    /// <summary>ENABLE_BARS_BACKFILL: repair bars at all.</summary>
    public bool Bars { get; init; } = true;
    /// <summary>BARS_BACKFILL_LOOKBACK_HOURS: how far back bars are repaired (and filled when the record is empty).</summary>
    public TimeSpan BarsLookback { get; init; } = TimeSpan.FromHours(12);
    /// <summary>REPAIR_TRADES: repair trades from the venue's history.</summary>
    public bool Trades { get; init; } = true;
    /// <summary>REPAIR_QUOTES: repair quotes too (default on for crypto, off for equities: SIP quote volume).</summary>
    public bool Quotes { get; init; }
    /// <summary>REPAIR_TRADES_LOOKBACK_HOURS: the longest trade/quote hole repaired (older parts are left, counted).</summary>
    public TimeSpan TradesLookback { get; init; } = TimeSpan.FromHours(12);
    /// <summary>REPAIR_LATENESS_MS: how late the venue may send an event after its time; holes start this much earlier
    /// and the overlap is deduplicated by identity.</summary>
    public TimeSpan Lateness { get; init; } = TimeSpan.FromSeconds(90);
    /// <summary>REPAIR_RETRY_MS: how soon a hole whose repair failed is tried again.</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>REPAIR_TAIL_TIMEOUT_MS: how long a starting lane tries to read its record's tail before streaming anyway.</summary>
    public TimeSpan TailTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public static RepairOptions From(IConfiguration c, Market market) => new()
    {
        Bars = RepairCatalogue.Bars.Read(c, whenUnset: true),
        // 0 turns the lookback off (nothing older than now is filled or repaired), as upstream's setting allowed.
        BarsLookback = TimeSpan.FromHours(RepairCatalogue.BarsLookbackHours.Read(c)),
        Trades = RepairCatalogue.Trades.Read(c, whenUnset: true),
        Quotes = RepairCatalogue.Quotes.Read(c, whenUnset: market == Market.Crypto),
        TradesLookback = TimeSpan.FromHours(RepairCatalogue.TradesLookbackHours.Read(c)),
        Lateness = TimeSpan.FromMilliseconds(RepairCatalogue.LatenessMs.Read(c)),
        RetryInterval = TimeSpan.FromMilliseconds(RepairCatalogue.RetryMs.Read(c)),
        TailTimeout = TimeSpan.FromMilliseconds(RepairCatalogue.TailTimeoutMs.Read(c)),
    };
}
