using System.Text.Json;
using Alpaca.Simulator;
using Alpaca.Simulator.Faults;
using Confluent.Kafka;
using Torghut.Abstractions;
using Torghut.Host.Transport;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Ingest;

/// <summary>
/// The whole ingest path as deployed: the Alpaca simulator, the `torghut run --role ingest` process, and a
/// Kafka-protocol broker in its own process, read back with a real Kafka consumer.
/// </summary>
public sealed class IngestEndToEndTests(KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD"];
    private static readonly string[] Topics = ["torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1", "torghut.status.v1"];

    [Fact]
    public async Task Every_minute_reaches_kafka_once_across_reconnects_in_the_contract_envelope_on_murmur2_partitions()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Speed = 60, Symbols = Pairs, TradesPerMinute = 60, QuotesPerMinute = 60 });
        var env = new Dictionary<string, string>(sim.Settings)
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["TORGHUT_WS_EQUITY_ENABLED"] = "false",
            ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs), ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap,
            ["BARS_BACKFILL_LOOKBACK_HOURS"] = "0.25", ["TORGHUT_HEARTBEAT_MS"] = "500",
            ["RECONNECT_BASE_MS"] = "100", ["RECONNECT_MAX_MS"] = "1000",
        };
        long stoppingAt, stoppedAt;
        await using (var host = await HostProcess.StartAsync("run --role ingest", env))
        {
            using var http = new HttpClient();
            await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode,
                "ready: subscribed and Kafka healthy", TimeSpan.FromSeconds(30));
            await Task.Delay(4000);
            sim.Faults.Apply(FaultPlan.Parse("drop count=1"));
            await Eventually.HoldsAsync(async () => sim.Truth.Connections >= 2 && (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode,
                "reconnected and ready again", TimeSpan.FromSeconds(30));
            await Task.Delay(4000);
            // Backfill and the first bars' acks arrive on their own schedule; a loaded machine may need longer than the delay.
            await Eventually.HoldsAsync(async () =>
            {
                var m = await http.GetStringAsync($"{host.BaseUrl}/metrics");
                return MetricOrZero(m, "torghut_backfill_bars_total{lane=\"crypto\"}") > 0
                       && MetricOrZero(m, "torghut_ws_kafka_produce_success_total{topic=\"torghut.bars.1m.v1\"}") > 0;
            }, "backfilled and live bars acknowledged by Kafka", TimeSpan.FromSeconds(30));
            var metrics = await http.GetStringAsync($"{host.BaseUrl}/metrics");
            Metric(metrics, "torghut_ws_provider_messages_total{lane=\"crypto\",channel=\"trades\"}").ShouldBeGreaterThan(0);
            Metric(metrics, "torghut_ws_reconnects_total{lane=\"crypto\"}").ShouldBeGreaterThanOrEqualTo(1);
            Metric(metrics, "torghut_ws_readyz_status").ShouldBe(1);
            Metric(metrics, "torghut_ws_kafka_produce_success_total{topic=\"torghut.bars.1m.v1\"}").ShouldBeGreaterThan(0);
            Metric(metrics, "torghut_backfill_bars_total{lane=\"crypto\"}").ShouldBeGreaterThan(0);
            Metric(metrics, "torghut_ws_subscribed_symbols{lane=\"crypto\",channel=\"quotes\"}").ShouldBe(2);
            // At 60x the venue's event times run ahead of the wall clock, so no lag is observed; the histogram is exported.
            metrics.ShouldContain("# TYPE torghut_ws_lag_ms histogram");
            stoppingAt = sim.Clock.NowNanos;
            (await host.StopAsync()).ShouldBe(0, host.Output);
            stoppedAt = sim.Clock.NowNanos;
        }

        var records = Consume(kafka.Bootstrap);
        records.ShouldNotBeEmpty();
        foreach (var r in records)
        {
            r.Partition.Value.ShouldBe(Murmur2Partitioner.Partition(System.Text.Encoding.UTF8.GetBytes(r.Message.Key), 3), $"key {r.Message.Key}");
            (r.Message.Headers?.Count ?? 0).ShouldBe(0);
        }
        var envelopes = records.Select(r => (r.Message.Key, Json: JsonDocument.Parse(r.Message.Value).RootElement)).ToList();
        foreach (var (key, e) in envelopes.Where(x => x.Json.GetProperty("channel").GetString() != "lane_status"))
        {
            e.EnumerateObject().Select(p => p.Name).ShouldBe(["ingestTs", "eventTs", "feed", "channel", "symbol", "seq", "payload", "isFinal", "source", "window", "version"]);
            e.GetProperty("symbol").GetString().ShouldBe(key);
        }

        foreach (var symbol in Pairs)
        {
            // Downstream dedup: one bar per (symbol, minute), the latest version wins.
            var bars = envelopes.Select(x => x.Json)
                .Where(e => e.GetProperty("channel").GetString() is "bars" or "updatedBars" && e.GetProperty("symbol").GetString() == symbol)
                .GroupBy(e => NanoTimestamp.Parse(e.GetProperty("eventTs").GetString()!))
                .ToDictionary(g => g.Key, g => g.Last());
            bars.Values.ShouldContain(e => e.GetProperty("source").GetString() == "rest");
            bars.Values.ShouldContain(e => e.GetProperty("source").GetString() == "ws");
            var lastLive = bars.Where(b => b.Value.GetProperty("source").GetString() == "ws").Max(b => b.Key);
            for (var minute = bars.Keys.Min(); minute <= lastLive; minute = minute.AddNanoseconds(60_000_000_000))
            {
                bars.ShouldContainKey(minute, $"{symbol}: minute {minute} never reached Kafka");
                // The venue keeps running after the host stops: an updatedBar published while the host was shutting
                // down may or may not have been forwarded, so either version of that bar is what the venue said then.
                var close = bars[minute].GetProperty("payload").GetProperty("c").GetDouble();
                var known = new[] { stoppingAt - 10_000_000_000L, stoppedAt }
                    .Select(at => sim.ExpectedBar(symbol, minute.ToDateTimeOffset(), at)).Where(b => b is not null)
                    .Select(b => (double)b!.Close).Distinct().ToList();
                known.ShouldNotBeEmpty($"{symbol} {minute}: the venue had not published this bar when the host stopped");
                known.ShouldContain(c => Math.Abs(c - close) < 1e-9, $"{symbol} {minute}: close {close}");
            }
            var tradeIds = envelopes.Select(x => x.Json)
                .Where(e => e.GetProperty("channel").GetString() == "trades" && e.GetProperty("symbol").GetString() == symbol)
                .Select(e => e.GetProperty("payload").GetProperty("i").GetInt64()).ToList();
            tradeIds.ShouldNotBeEmpty();
            tradeIds.Distinct().Count().ShouldBe(tradeIds.Count, $"{symbol}: a trade reached Kafka twice");
        }
        var heartbeats = envelopes.Where(x => x.Key == "lane:crypto").Select(x => x.Json.GetProperty("payload")).ToList();
        heartbeats.ShouldContain(h => h.GetProperty("ready").GetBoolean());
        heartbeats.Max(h => h.GetProperty("reconnects").GetInt64()).ShouldBeGreaterThanOrEqualTo(1);
    }

    private static double MetricOrZero(string exposition, string series) =>
        exposition.Contains(series + " ", StringComparison.Ordinal) ? Metric(exposition, series) : 0;

    private static double Metric(string exposition, string series)
    {
        var line = exposition.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal))
                   ?? throw new ShouldAssertException($"metric {series} not exported");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static List<ConsumeResult<string, string>> Consume(string bootstrap) => KafkaTopicDump.ReadAll(bootstrap, Topics);
}
