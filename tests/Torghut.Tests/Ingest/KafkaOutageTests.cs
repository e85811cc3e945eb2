using System.Text.Json;
using Alpaca.Simulator;
using Torghut.Abstractions;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Ingest;

/// <summary>Every broker goes down mid-stream and comes back: readiness says so, and nothing is lost or duplicated.</summary>
public sealed class KafkaOutageTests(KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD"];

    [Fact]
    public async Task A_broker_outage_turns_readiness_red_and_loses_nothing_once_brokers_return()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Speed = 60, Symbols = Pairs, TradesPerMinute = 60, QuotesPerMinute = 30 });
        var env = new Dictionary<string, string>(sim.Settings)
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs), ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap,
            ["TORGHUT_KAFKA_PROBE_MS"] = "500", ["ENABLE_BARS_BACKFILL"] = "false",
        };
        using var http = new HttpClient();
        await using (var host = await HostProcess.StartAsync("run --role ingest", env))
        {
            async Task<(int Status, JsonElement Body)> ReadyzAsync()
            {
                using var response = await http.GetAsync($"{host.BaseUrl}/readyz");
                return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
            }
            await Eventually.HoldsAsync(async () => (await ReadyzAsync()).Status == 200, "ready", TimeSpan.FromSeconds(30));
            await Task.Delay(2000);

            await kafka.ControlAsync("down all");
            await Eventually.HoldsAsync(async () => (await ReadyzAsync()).Status == 503, "not ready during the outage", TimeSpan.FromSeconds(20));
            var (_, body) = await ReadyzAsync();
            body.GetProperty("gates").GetProperty("kafka").GetBoolean().ShouldBeFalse();
            body.GetProperty("gates").GetProperty("alpaca_ws").GetBoolean().ShouldBeTrue();
            body.GetProperty("error_class").GetString().ShouldStartWith("kafka_");
            await Task.Delay(3000); // the stream keeps flowing into the producer's buffer meanwhile

            await kafka.ControlAsync("up all");
            await Eventually.HoldsAsync(async () => (await ReadyzAsync()).Status == 200, "ready again after the outage", TimeSpan.FromSeconds(45));
            await Task.Delay(2000);
            (await host.StopAsync()).ShouldBe(0, host.Output);
        }

        var envelopes = KafkaTopicDump.ReadAll(kafka.Bootstrap, ["torghut.trades.v1", "torghut.bars.1m.v1"])
            .Select(r => JsonDocument.Parse(r.Message.Value).RootElement).ToList();
        foreach (var symbol in Pairs)
        {
            var minutes = envelopes.Where(e => e.GetProperty("channel").GetString() == "bars" && e.GetProperty("symbol").GetString() == symbol)
                .Select(e => NanoTimestamp.Parse(e.GetProperty("eventTs").GetString()!)).Order().ToList();
            minutes.Count.ShouldBeGreaterThanOrEqualTo(5, $"{symbol}: bars across the outage");
            for (var i = 1; i < minutes.Count; i++)
                (minutes[i].UnixNanoseconds - minutes[i - 1].UnixNanoseconds).ShouldBe(60_000_000_000L, $"{symbol}: a minute is missing or doubled after {minutes[i - 1]}");
            var ids = envelopes.Where(e => e.GetProperty("channel").GetString() == "trades" && e.GetProperty("symbol").GetString() == symbol)
                .Select(e => e.GetProperty("payload").GetProperty("i").GetInt64()).ToList();
            ids.Distinct().Count().ShouldBe(ids.Count, $"{symbol}: a trade was delivered twice");
        }
    }
}
