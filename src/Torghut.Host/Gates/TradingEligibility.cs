using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Composition;
using Torghut.Host.Flags;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Storage;
using Torghut.Host.Configuration;

namespace Torghut.Host.Gates;

/// <summary>Whether a symbol may be traded now, and every reason it may not.</summary>
public sealed record EligibilityReport(string Symbol, bool Allowed, IReadOnlyList<string> Reasons, double? TaLagSeconds);

/// <summary>
/// The trading-input gate of the seed, as a library call and an endpoint: the execution allowlist
/// (TRADING_EXECUTION_ALLOWLIST; unset = everything), the four crypto flags with upstream's reason ids, and the data
/// SLOs — the symbol's lane must be fully subscribed and its newest TA signal younger than TA_FRESHNESS_MAX_SECONDS
/// (120). Stale or missing data blocks trading; an unreachable store is a reason, never a pass. The SLO evaluator's
/// verdict adds one: <c>market_data_stale</c> while the lane's ingest freshness SLO (p95 event → ingest) is breached.
/// </summary>
public sealed class TradingEligibility(
    IFlagReader flags, IIngestStatus ingest, TaStoreHandle stores, Slo.ISloStatus slo, GatesOptions options) : IHostComponent
{
    private readonly double _taFreshnessMaxSeconds = options.Slo.TaFreshnessMaxSeconds;

    public async Task<EligibilityReport> EvaluateAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var canonical = symbol.Trim().ToUpperInvariant();
        var reasons = new List<string>();
        var allowlist = (options.TradingAllowlist ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.ToUpperInvariant()).ToHashSet();
        if (allowlist.Count > 0 && !allowlist.Contains(canonical)) reasons.Add("not_in_execution_allowlist");

        var crypto = canonical.Contains('/'); // upstream's crypto test: a slash in the symbol
        if (crypto)
        {
            if (!await flags.IsEnabledAsync(FlagKeys.WsCrypto)) reasons.Add("crypto_ws_disabled");
            if (!await flags.IsEnabledAsync(FlagKeys.UniverseCrypto)) reasons.Add("crypto_universe_disabled");
            if (!await flags.IsEnabledAsync(FlagKeys.TradingCrypto)) reasons.Add("crypto_trading_disabled");
            if (!await flags.IsEnabledAsync(FlagKeys.TradingCryptoLive)) reasons.Add("crypto_live_trading_disabled");
        }

        var lane = crypto ? LaneDefinition.Crypto.Name : LaneDefinition.Equity.Name;
        if (!ingest.Sessions.TryGetValue(lane, out var session)) reasons.Add("market_data_lane_not_running");
        else if (!session.Ready) reasons.Add("market_data_not_ready");
        else if (!session.Subscribed.Values.All(symbols => symbols.Contains(canonical) || symbols.Contains("*")))
            reasons.Add("symbol_not_subscribed");
        if (slo.Current.Find(Slo.SloNames.IngestFreshnessP95, lane) is { Breached: true }) reasons.Add("market_data_stale");

        double? lagSeconds = null;
        if (stores.Current is not { } store) reasons.Add("ta_store_unavailable");
        else
        {
            try
            {
                var freshness = await store.FreshnessAsync(canonical, cancellationToken);
                if (freshness.MaxSignalEventTs is { } newest)
                    lagSeconds = (NanoTimestamp.Now.UnixNanoseconds - newest.UnixNanoseconds) / 1e9;
                if (lagSeconds is null) reasons.Add("no_ta_signals");
                else if (lagSeconds > _taFreshnessMaxSeconds) reasons.Add("ta_signals_stale");
            }
            catch (Exception e) when (e is Storage.StorageException or HttpRequestException or InvalidOperationException)
            {
                reasons.Add("ta_store_unreachable");
            }
        }
        return new EligibilityReport(canonical, reasons.Count == 0, reasons, lagSeconds);
    }
}
