using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Alpaca.Simulator;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>sim-rest-bars-year</c>: how fast the simulator serves a backfill — a year of 1-minute bars for 3 crypto pairs
/// through its REST bars endpoint, pages of 10000, as a client pages them. The simulator computes every bar on demand
/// (it has no store), so this is the simulator's bar-generation speed plus JSON and HTTP.
/// </summary>
public static class SimRestBarsBenchmark
{
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD"];
    /// <summary>The bound: a year × 3 pairs in 30 s wall.</summary>
    public static readonly TimeSpan Target = TimeSpan.FromSeconds(30);

    public static string Notes =>
        "- sim-rest-bars-year: one `AlpacaSimulatorServer` (seed 42, default rates: 30 trades + 60 quotes per symbol-minute),\n" +
        "  its clock at 2025-01-01; one `HttpClient` pages `/v1beta3/crypto/us/bars?symbols=BTC/USD,ETH/USD,SOL/USD&timeframe=1Min`\n" +
        "  over the preceding N days with `limit=10000` until `next_page_token` is null, parsing every page and counting bars.\n" +
        "  The baseline is the rate that serves a 365-day year × 3 pairs in 30 s. Server and client share the machine's cores.\n";

    public static async Task<BenchResult> RunAsync(TextWriter log, int days = 365)
    {
        var end = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Start = end, Speed = 1 });
        using var http = new HttpClient { BaseAddress = sim.RestBaseUrl, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var url = $"/v1beta3/crypto/us/bars?symbols={string.Join(',', Symbols)}&timeframe=1Min&limit=10000" +
                  $"&start={end.AddDays(-days):yyyy-MM-ddTHH:mm:ssZ}&end={end.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}";
        var wall = Stopwatch.StartNew();
        long bars = 0, pages = 0;
        string? token = null;
        do
        {
            var text = await http.GetStringAsync(token is null ? url : url + "&page_token=" + Uri.EscapeDataString(token));
            using var doc = JsonDocument.Parse(text);
            foreach (var s in doc.RootElement.GetProperty("bars").EnumerateObject()) bars += s.Value.GetArrayLength();
            var next = doc.RootElement.GetProperty("next_page_token");
            token = next.ValueKind == JsonValueKind.Null ? null : next.GetString();
            pages++;
        } while (token is not null);
        wall.Stop();
        var expected = (long)days * 1440 * Symbols.Length;
        if (bars != expected) throw new InvalidOperationException($"expected {expected:N0} bars (one per crypto minute), got {bars:N0}");
        var rate = bars / wall.Elapsed.TotalSeconds;
        var yearSeconds = 365.0 * 1440 * Symbols.Length / rate;
        log.WriteLine($"  {bars:N0} bars in {pages} pages, {wall.Elapsed.TotalSeconds:F1} s = {rate:N0} bars/s (a year × 3 pairs ≈ {yearSeconds:F1} s)");
        var required = 365.0 * 1440 * Symbols.Length / Target.TotalSeconds;
        return new BenchResult(
            $"sim-rest-bars-year ({days} days × 3 crypto pairs, 1Min, {wall.Elapsed.TotalSeconds:F1} s wall; a year ≈ {yearSeconds:F1} s)",
            "simulator REST bars → HttpClient, pages of 10000 (bars/s)", rate,
            "a 365-day year × 3 pairs in 30 s", required,
            "year × 3 pairs < 30 s (ratio ≥ 1)", rate >= required);
    }
}
