using System.Text.Json;
using Alpaca.Simulator;
using Microsoft.Extensions.Configuration;
using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Analysis;

/// <summary>
/// Issue #14 item 2's proof: the simulator cancels some of an equity's trades a few seconds after sending them;
/// simulator → ingest process → Kafka (trades and corrections topics) → TA worker process → embedded store. The
/// stored microbars must be the trades on the trades topic minus the ones the simulator says it cancelled, and the
/// stored 1 s signals (EMA12, session VWAP) must follow those revised bars, computed here by hand.
/// </summary>
public sealed class TaCorrectionsEndToEndTests(KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private const string Symbol = "FAKEPACA"; // the simulator's test symbol trades around the clock
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    [Fact]
    public async Task An_equity_cancel_revises_the_stored_microbar_and_the_signals_after_it()
    {
        using var data = new TempDir("torghut-corrections-e2e");
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig
        {
            Symbols = [Symbol], TradesPerMinute = 600, QuotesPerMinute = 60, LateTradeProbability = 0,
            TradeCancelProbability = 0.03, // ~18 cancels a minute, each 2-5 s after its trade
        });
        var group = "ta-corr-" + Guid.NewGuid().ToString("N")[..8];
        var ta = new Dictionary<string, string>
        {
            ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap, ["TA_GROUP_ID"] = group, ["TORGHUT_DATA_DIR"] = data.Path,
        };
        var ingestEnv = new Dictionary<string, string>(sim.Settings)
        {
            ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap,
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "false", ["TORGHUT_WS_EQUITY_ENABLED"] = "true",
            ["SYMBOLS_EQUITY"] = Symbol, ["ALPACA_FEED"] = "test", ["ENABLE_BARS_BACKFILL"] = "false",
        };
        using var http = new HttpClient();
        JsonElement counters;
        await using (var worker = await HostProcess.StartAsync("run --role ta", ta))
        {
            await Task.Delay(TimeSpan.FromSeconds(4)); // the group settles before data flows
            await using (var ingest = await HostProcess.StartAsync("run --role ingest", ingestEnv))
            {
                await Eventually.HoldsAsync(
                    async () => (await http.GetAsync($"{ingest.BaseUrl}/readyz")).IsSuccessStatusCode,
                    "ingest ready", TimeSpan.FromSeconds(30));
                // At least 20 s of stream and 5 cancels issued after the lane was ready (a loaded machine streams
                // later and slower: a fixed wait could end with no cancel of a trade TA saw).
                var before = sim.Truth.Cancels(Symbol).Count;
                var streaming = DateTime.UtcNow;
                await Eventually.HoldsAsync(() => sim.Truth.Cancels(Symbol).Count >= before + 5
                    && DateTime.UtcNow - streaming >= TimeSpan.FromSeconds(20), "5 cancels after ready", TimeSpan.FromSeconds(90));
                (await ingest.StopAsync()).ShouldBe(0, ingest.Output);
            }
            // The last second closes by the idle timeout (5 s), the cancels after it expire, the rows are written.
            await Task.Delay(TimeSpan.FromSeconds(12));
            var status = JsonDocument.Parse(await http.GetStringAsync($"{worker.BaseUrl}/api/ta")).RootElement;
            counters = status.GetProperty("counters").Clone();
            (await worker.StopAsync()).ShouldBe(0, worker.Output);
        }

        var published = Published(kafka.Bootstrap);
        var cancels = sim.Truth.Cancels(Symbol);
        // Ingest published every cancel the simulator sent, on the corrections topic.
        published.CancelledIds.Order().ShouldBe(cancels.Select(c => c.TradeId).Order());
        var applicable = cancels.Where(c => published.Trades.ContainsKey(c.TradeId)).ToList();
        applicable.Count.ShouldBeGreaterThan(0, "the run must cancel at least one trade TA saw");
        counters.GetProperty("cancels").GetInt64().ShouldBe(cancels.Count);
        counters.GetProperty("revisionsApplied").GetInt64().ShouldBe(applicable.Count, counters.ToString());
        counters.GetProperty("correctionTooLate").GetInt64().ShouldBe(0);
        counters.GetProperty("lateDropped").GetInt64().ShouldBe(0);

        var cancelled = applicable.Select(c => c.TradeId).ToHashSet();
        var expected = Buckets(published.Trades.Values.Where(t => !cancelled.Contains(t.Id)));
        var unrevised = Buckets(published.Trades.Values);
        var store = TaStoreFactory.Create(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TORGHUT_DATA_DIR"] = data.Path }).Build());
        await using var _ = store;
        var from = NanoTimestamp.FromUnix(expected.Keys.Min());
        var to = NanoTimestamp.FromUnix(expected.Keys.Max() + 2);
        var bars = (await store.MicrobarsAsync(Symbol, from, to)).Where(b => b.Count > 0).ToList();
        bars.Select(b => b.Seq).ShouldBe(expected.Keys.Order().ToList(),
            "stored seconds differ from the trades left after the cancels");
        foreach (var bar in bars)
        {
            var e = expected[bar.Seq];
            (bar.Open, bar.High, bar.Low, bar.Close, bar.Count)
                .ShouldBe((e.Open, e.High, e.Low, e.Close, e.Count), $"bar {bar.EventTs}");
            bar.Volume.ShouldBe(e.Volume, 1e-9);
        }
        // Every cancelled trade's second really changed (its volume at least).
        foreach (var c in applicable)
        {
            var second = c.TradeTime.UnixSeconds;
            if (expected.TryGetValue(second, out var revised))
                revised.Volume.ShouldBeLessThan(unrevised[second].Volume);
        }

        // The signals of the revised bars and of every bar after them, computed by hand from the revised bars.
        var signals = (await store.SignalsAsync(Symbol, Cadence.OneSecond, from, to)).ToDictionary(s => s.Seq);
        var firstRevised = applicable.Min(c => c.TradeTime.UnixSeconds);
        double ema12 = 0, pv = 0, volume = 0;
        DateOnly? session = null;
        var checkedAfter = 0;
        foreach (var (second, bar) in expected.OrderBy(kv => kv.Key))
        {
            var end = DateTime.UnixEpoch.AddSeconds(second + 1);
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(end, NewYork));
            ema12 = session is null ? bar.Close : ema12 + 2.0 / 13 * (bar.Close - ema12);
            if (session != day) (pv, volume, session) = (0, 0, day);
            pv += bar.Close * bar.Volume;
            volume += bar.Volume;
            if (second < firstRevised) continue;
            signals.ShouldContainKey(second);
            var s = signals[second];
            s.Ema!.Ema12.ShouldBe(ema12, Math.Abs(ema12) * 1e-9, $"ema12 at {second}");
            s.Vwap!.Session.ShouldBe(pv / volume, pv / volume * 1e-9, $"session vwap at {second}");
            checkedAfter++;
        }
        checkedAfter.ShouldBeGreaterThan(0);
    }

    private sealed record PublishedTrade(long Id, NanoTimestamp Time, double Price, double Size);

    private sealed record PublishedData(Dictionary<long, PublishedTrade> Trades, List<long> CancelledIds);

    /// <summary>The symbol's trades on the trades topic (by id), and the trade ids its cancels name.</summary>
    private static PublishedData Published(string bootstrap)
    {
        var trades = new Dictionary<long, PublishedTrade>();
        var cancels = new List<long>();
        foreach (var r in KafkaTopicDump.ReadAll(bootstrap, ["torghut.trades.v1", "torghut.trade-corrections.v1"]))
        {
            var root = JsonDocument.Parse(r.Message.Value).RootElement;
            if (root.GetProperty("symbol").GetString() != Symbol) continue;
            var p = root.GetProperty("payload");
            if (r.Topic == "torghut.trades.v1")
            {
                var id = p.GetProperty("i").GetInt64();
                trades[id] = new PublishedTrade(id, NanoTimestamp.Parse(p.GetProperty("t").GetString()!),
                    p.GetProperty("p").GetDouble(), p.GetProperty("s").GetDouble());
            }
            else if (root.GetProperty("channel").GetString() == "cancelErrors")
                cancels.Add(p.GetProperty("i").GetInt64());
        }
        return new PublishedData(trades, cancels);
    }

    /// <summary>1 s bars by window start: OHLC in trade-time order, volume and count.</summary>
    private static Dictionary<long, TruthBucket> Buckets(IEnumerable<PublishedTrade> trades) =>
        trades.GroupBy(t => t.Time.UnixSeconds).ToDictionary(g => g.Key, g =>
        {
            var ordered = g.OrderBy(t => t.Time).ToList();
            return new TruthBucket(ordered[0].Price, ordered.Max(t => t.Price), ordered.Min(t => t.Price),
                ordered[^1].Price, ordered.Sum(t => t.Size), ordered.Count);
        });
}
