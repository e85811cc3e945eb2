using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage.ClickHouse;
using Torghut.LocalServers;
using Torghut.Host.Storage;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>ta-warmup</c>: how long a TA worker taking over a partition waits for the warm-ups of its symbols' 1 s series.
/// A real ClickHouse 18.16 on loopback holds 700 stored bars for each of 200 equity symbols (the 600-bar window starts
/// mid-session, so each warm-up is both reads: the last 600 bars and the session's older VWAP sums). Subject: one
/// <see cref="StoreMicrobarHistory.BeforeAll"/> for all symbols, as the engine now asks at a takeover. Baseline: the
/// same requests through <see cref="StoreMicrobarHistory.Before"/> one after the other, as the engine asked before.
/// </summary>
public static class WarmupBenchmark
{
    private const int Symbols = 200;
    private const int BarsPerSymbol = 700;
    private const int WarmupBars = 600;
    private const int Rounds = 3; // alternated, best of each

    public static string Notes =>
        $"- ta-warmup: clickhouse-server 18.16 (Debian) on loopback, as the sink benchmark starts it. {Symbols} equity symbols × {BarsPerSymbol}\n" +
        $"  stored 1 s microbars from 14:30 UTC (mid-session: each warm-up of {WarmupBars} bars also reads the session's older VWAP sums,\n" +
        "  two queries per symbol). Rates are symbols warmed per second. Subject: `StoreMicrobarHistory.BeforeAll` for all\n" +
        $"  symbols at once ({StoreMicrobarHistory.Parallelism} read at a time), what the engine asks when a takeover creates every series of a\n" +
        "  partition in one step. Baseline: the same requests through `Before`, one after the other (the engine's path before).\n" +
        $"  {Rounds} alternated rounds, best of each, after an untimed round; every answer checked ({WarmupBars} bars and sums per symbol).\n";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(TextWriter log)
    {
        await using var server = await ClickHouseLocalServer.StartAsync();
        var options = new ClickHouseOptions
        {
            Url = server.Url, Database = "bench_" + Guid.NewGuid().ToString("N")[..12], InitAttempts = 10, InitRetryDelay = TimeSpan.FromMilliseconds(200),
        };
        await using var store = new ClickHouseTaStore(options);
        await store.EnsureSchemaAsync();
        var start = NanoTimestamp.Parse("2026-02-23T14:30:00Z").UnixSeconds;
        var bars = new List<TaMicrobar>(Symbols * BarsPerSymbol);
        for (var s = 0; s < Symbols; s++)
            for (var k = 0; k < BarsPerSymbol; k++)
            {
                var end = NanoTimestamp.FromUnix(start + k + 1);
                var p = 100 + s + Math.Sin(k * 0.01);
                bars.Add(new TaMicrobar($"W{s:000}", end, start + k, end, true, "ta", new TaWindow("PT1S", "PT1S", NanoTimestamp.FromUnix(start + k), end),
                    p, p, p, p, 1.5, p, 3));
            }
        await store.WriteAsync(bars, []);

        var before = NanoTimestamp.FromUnix(start + BarsPerSymbol + 1);
        var sessionStart = NanoTimestamp.Parse("2026-02-23T05:00:00Z"); // New York midnight (EST): the equity session key
        var requests = Enumerable.Range(0, Symbols).Select(s => new WarmupRequest($"W{s:000}", before, sessionStart, WarmupBars)).ToList();
        var history = new StoreMicrobarHistory(store, NullLogger.Instance, CancellationToken.None);

        Measure(history, requests, together: true);
        Measure(history, requests, together: false);
        double together = 0, oneByOne = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var t = Measure(history, requests, together: true);
            var o = Measure(history, requests, together: false);
            log.WriteLine($"  round {round + 1}: all at once {Symbols / t:N0} symbols/s ({t * 1000:N0} ms), one after the other {Symbols / o:N0} symbols/s ({o * 1000:N0} ms)");
            together = Math.Max(together, Symbols / t);
            oneByOne = Math.Max(oneByOne, Symbols / o);
        }
        return
        [
            new BenchResult($"ta-warmup (ClickHouse 18.16 loopback, {Symbols} symbols × {WarmupBars} bars + sums)",
                $"StoreMicrobarHistory.BeforeAll, {StoreMicrobarHistory.Parallelism} reads at a time (symbols/s)", together,
                "the same requests through Before, one after the other (the engine's path before)", oneByOne,
                "none: the takeover's wait for its warm-ups, shorter by the ratio", null),
        ];
    }

    /// <summary>Seconds to warm every symbol; throws if any answer is not the full window with its session sums.</summary>
    private static double Measure(StoreMicrobarHistory history, List<WarmupRequest> requests, bool together)
    {
        var clock = Stopwatch.StartNew();
        var warmups = together
            ? history.BeforeAll(requests).Select(r => r.Warmup ?? throw new InvalidOperationException("warm-up failed", r.Error)).ToList()
            : requests.Select(r => history.Before(r.Symbol, r.Before, r.SessionStart, r.MaxBars)).ToList();
        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var w in warmups)
            if (w.Bars.Count != WarmupBars || Math.Abs(w.EarlierSessionVolume - 1.5 * (BarsPerSymbol - WarmupBars)) > 1e-9)
                throw new InvalidOperationException($"unexpected warm-up: {w.Bars.Count} bars, earlier volume {w.EarlierSessionVolume}");
        return seconds;
    }
}
