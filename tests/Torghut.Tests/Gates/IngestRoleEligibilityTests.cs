using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Tests.Storage;
using Torghut.Tests.Support;

namespace Torghut.Tests.Gates;

/// <summary>
/// In production the trading side asks the ingest pod (the Service in front of it) for eligibility, and no TA worker
/// runs there: the ingest role must read the TA tables from the shared ClickHouse, or every pair would be blocked as
/// ta_store_unavailable.
/// </summary>
[Collection(ClickHouseCollection.Name)]
public sealed class IngestRoleEligibilityTests(ClickHouseServerFixture clickHouse)
{
    [Fact]
    public async Task The_ingest_role_judges_freshness_from_the_shared_store()
    {
        var options = clickHouse.Options();
        await using (var writer = new ClickHouseTaStore(options))
        {
            await writer.EnsureSchemaAsync();
            var now = NanoTimestamp.Now;
            await writer.WriteAsync([], [TaRows.FullSignal("BTC/USD", 0) with { EventTs = now, IngestTs = now }]);
        }
        await using var host = await HostProcess.StartAsync("run --role ingest", new Dictionary<string, string>
        {
            ["TA_CLICKHOUSE_URL"] = options.Url.ToString(), ["TA_CLICKHOUSE_USER"] = options.User,
            ["TA_CLICKHOUSE_PASSWORD"] = options.Password, ["TA_CLICKHOUSE_DATABASE"] = options.Database,
            ["TORGHUT_TRADING_CRYPTO_ENABLED"] = "true", ["TORGHUT_TRADING_CRYPTO_LIVE_ENABLED"] = "true",
            ["TRADING_EXECUTION_ALLOWLIST"] = "BTC/USD,ETH/USD", ["BARS_BACKFILL_LOOKBACK_HOURS"] = "0",
            ["SLO_INGEST_FRESHNESS_P95_SECONDS"] = PhaseGateTests.LenientIngestP95,
        });
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () => (await ReasonsAsync(http, host, "BTC/USD")).Length == 0,
            "BTC/USD eligible on the ingest role (fresh signal in ClickHouse, lane subscribed)", TimeSpan.FromSeconds(60));
        var eth = await ReasonsAsync(http, host, "ETH/USD");
        eth.ShouldContain("no_ta_signals");
        eth.ShouldNotContain("ta_store_unavailable");
        host.Output.ShouldNotContain(options.Password);
    }

    private static async Task<string[]> ReasonsAsync(HttpClient http, HostProcess host, string symbol)
    {
        var json = JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/torghut/trading/eligibility?symbol={Uri.EscapeDataString(symbol)}")).RootElement;
        return json.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToArray();
    }
}
