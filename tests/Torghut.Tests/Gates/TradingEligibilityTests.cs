using System.Text.Json;
using Torghut.Tests.Support;

namespace Torghut.Tests.Gates;

/// <summary>Trading eligibility on a live embedded pipeline: allowlist, the four crypto flags, and data freshness.</summary>
public sealed class TradingEligibilityTests
{
    private static async Task<(bool Allowed, string[] Reasons)> EligibilityAsync(HttpClient http, HostProcess host, string symbol)
    {
        var json = JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/torghut/trading/eligibility?symbol={Uri.EscapeDataString(symbol)}")).RootElement;
        return (json.GetProperty("allowed").GetBoolean(), json.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray());
    }

    [Fact]
    public async Task Only_allowlisted_subscribed_pairs_with_fresh_signals_and_every_crypto_flag_on_may_trade()
    {
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string>
        {
            ["TORGHUT_TRADING_CRYPTO_ENABLED"] = "true", ["TORGHUT_TRADING_CRYPTO_LIVE_ENABLED"] = "true",
            ["TRADING_EXECUTION_ALLOWLIST"] = "BTC/USD", ["BARS_BACKFILL_LOOKBACK_HOURS"] = "0.1",
            // market_data_stale (ingest p95 over 2 s) can be true on a loaded CI machine; not what this test is about.
            ["SLO_INGEST_FRESHNESS_P95_SECONDS"] = PhaseGateTests.LenientIngestP95,
        });
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () => (await EligibilityAsync(http, host, "btc/usd")).Allowed, "BTC/USD eligible once data is fresh",
            TimeSpan.FromSeconds(60));
        (await EligibilityAsync(http, host, "ETH/USD")).Reasons.ShouldBe(["not_in_execution_allowlist"]);
        (await EligibilityAsync(http, host, "DOGE/USD")).Reasons.ShouldContain("symbol_not_subscribed");
        (await http.GetAsync($"{host.BaseUrl}/api/torghut/trading/eligibility")).StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Crypto_flags_off_block_trading_with_upstreams_reason_ids()
    {
        await using var host = await HostProcess.StartAsync("run", new Dictionary<string, string> { ["TORGHUT_UNIVERSE_CRYPTO_ENABLED"] = "false" });
        using var http = new HttpClient();
        var (allowed, reasons) = await EligibilityAsync(http, host, "BTC/USD");
        allowed.ShouldBeFalse();
        reasons.ShouldContain("crypto_universe_disabled");
        reasons.ShouldContain("crypto_trading_disabled");
        reasons.ShouldContain("crypto_live_trading_disabled");
    }
}
