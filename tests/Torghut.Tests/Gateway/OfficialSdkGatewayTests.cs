using System.Text.Json;
using Alpaca.Simulator;
using Alpaca.Simulator.Tests.OfficialClient;
using Torghut.Abstractions;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.Gateway;

/// <summary>
/// The issue's proof: Alpaca's official JS client (MessagePack, as it connects by default) pointed at the gateway of a
/// running all-in-one pipeline (`run`, role all) gets the data Torghut published — over Kafka, compared field by field
/// with the envelopes on the topics; over the embedded transport, compared with what the venue sent. Two clients on
/// different subscriptions each get exactly their own.
/// </summary>
public sealed class OfficialSdkGatewayTests(KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private const string Key = "sdk-key", Secret = "sdk-secret";
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD"];

    [Fact]
    public async Task Sdk_clients_on_the_gateway_over_kafka_get_exactly_the_envelopes_torghut_published_for_their_symbols()
    {
        var clientDir = await NodeClientRunner.EnsureInstalledAsync();
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Speed = 60, Symbols = Pairs, LateTradeProbability = 0 });
        var (btc, eth) = await RunPipelineWithTwoClientsAsync(clientDir, sim, kafka.Bootstrap);

        var envelopes = KafkaTopicDump.ReadAll(kafka.Bootstrap, ["torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1"])
            .Select(r => JsonDocument.Parse(r.Message.Value).RootElement)
            .Where(e => e.GetProperty("source").GetString() == "ws").ToList();
        foreach (var (summary, symbol) in new[] { (btc, "BTC/USD"), (eth, "ETH/USD") })
        {
            var published = envelopes.Where(e => e.GetProperty("symbol").GetString() == symbol).ToList();
            var trades = Of(published, "trades").Select(p => (p.GetProperty("i").GetInt64(), p.GetProperty("p").GetDouble(),
                p.GetProperty("s").GetDouble(), Time(p))).ToList();
            var got = summary.GetProperty("trades").EnumerateArray().Select(t => (t.GetProperty("id").GetInt64(),
                t.GetProperty("price").GetDouble(), t.GetProperty("size").GetDouble(), Time(t))).ToList();
            got.Count.ShouldBeGreaterThan(0, $"{symbol}: no trades");
            // Identical (id, price, size, time), in the order published, and none missing between the first and last.
            var first = trades.IndexOf(got[0]);
            first.ShouldBeGreaterThanOrEqualTo(0, $"{symbol}: trade {got[0]} was never published");
            got.ShouldBe(trades.Skip(first).Take(got.Count).ToList(), $"{symbol}: trades differ from the envelopes");

            var bars = summary.GetProperty("bars").EnumerateArray().ToList();
            bars.Count.ShouldBeGreaterThanOrEqualTo(3, symbol);
            var publishedBars = Of(published, "bars").ToDictionary(Time);
            foreach (var bar in bars)
            {
                publishedBars.ShouldContainKey(Time(bar), $"{symbol}: bar {bar} was never published");
                var e = publishedBars[Time(bar)];
                (bar.GetProperty("open").GetDouble(), bar.GetProperty("high").GetDouble(), bar.GetProperty("low").GetDouble(),
                        bar.GetProperty("close").GetDouble(), bar.GetProperty("volume").GetDouble())
                    .ShouldBe((e.GetProperty("o").GetDouble(), e.GetProperty("h").GetDouble(), e.GetProperty("l").GetDouble(),
                        e.GetProperty("c").GetDouble(), e.GetProperty("v").GetDouble()));
            }
        }

        var quotes = btc.GetProperty("quotes").EnumerateArray().ToList();
        quotes.ShouldNotBeEmpty();
        var publishedQuotes = Of(envelopes.Where(e => e.GetProperty("symbol").GetString() == "BTC/USD"), "quotes")
            .Select(q => (Time(q), q.GetProperty("bp").GetDouble(), q.GetProperty("bs").GetDouble(), q.GetProperty("ap").GetDouble(),
                q.GetProperty("as").GetDouble())).ToHashSet();
        foreach (var q in quotes)
            publishedQuotes.ShouldContain((Time(q), q.GetProperty("bidPrice").GetDouble(), q.GetProperty("bidSize").GetDouble(),
                q.GetProperty("askPrice").GetDouble(), q.GetProperty("askSize").GetDouble()), $"quote {q} was never published");
    }

    [Fact]
    public async Task Sdk_clients_on_the_gateway_over_the_embedded_transport_get_what_the_venue_sent_for_their_symbols()
    {
        var clientDir = await NodeClientRunner.EnsureInstalledAsync();
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Speed = 60, Symbols = Pairs, LateTradeProbability = 0 });
        JsonElement history = default;
        var (btc, eth) = await RunPipelineWithTwoClientsAsync(clientDir, sim, kafkaBootstrap: null, async (gateway, btcStream) =>
        {
            // The SDK's history call through the gateway, over the minutes the stream client saw.
            var streamed = btcStream.GetProperty("bars").EnumerateArray().Select(b => b.GetProperty("t").GetString()!).ToList();
            history = await NodeClientRunner.RunScriptAsync(clientDir, "gateway-history.js", TimeSpan.FromSeconds(60),
                gateway, Key, Secret, "BTC/USD", streamed[0], streamed[^1]);
        });
        history.TryGetProperty("error", out var historyError).ShouldBeFalse(historyError.ToString());
        var historyBars = history.GetProperty("bars").GetProperty("BTC/USD").EnumerateArray()
            .ToDictionary(Time, b => (b.GetProperty("open").GetDouble(), b.GetProperty("close").GetDouble(), b.GetProperty("volume").GetDouble()));
        var streamedBars = btc.GetProperty("bars").EnumerateArray().ToList();
        historyBars.Count.ShouldBe(streamedBars.Count, "one history bar per streamed minute");
        foreach (var bar in streamedBars)
            historyBars[Time(bar)].ShouldBe((bar.GetProperty("open").GetDouble(), bar.GetProperty("close").GetDouble(),
                bar.GetProperty("volume").GetDouble()), $"history bar {bar.GetProperty("t")}");

        foreach (var (summary, symbol) in new[] { (btc, "BTC/USD"), (eth, "ETH/USD") })
        {
            var got = summary.GetProperty("trades").EnumerateArray().ToList();
            got.Count.ShouldBeGreaterThan(0, $"{symbol}: no trades");
            var venue = sim.TradesBetween(symbol, Time(got[0]), Time(got[^1]))
                .Select(t => (t.Id, (double)t.Price, (double)t.Size, t.Time)).ToList();
            got.Select(t => (t.GetProperty("id").GetInt64(), t.GetProperty("price").GetDouble(), t.GetProperty("size").GetDouble(), Time(t)))
                .ToList().ShouldBe(venue, $"{symbol}: the client's trades are not the venue's, one for one");
            var truth = sim.Truth.Bars(symbol);
            foreach (var bar in summary.GetProperty("bars").EnumerateArray())
            {
                truth.ShouldContainKey(Time(bar));
                bar.GetProperty("close").GetDouble().ShouldBe((double)truth[Time(bar)].Close);
                bar.GetProperty("volume").GetDouble().ShouldBe((double)truth[Time(bar)].Volume);
            }
        }
    }

    /// <summary>
    /// `run` against the simulator with the gateway on; a client of BTC/USD trades, quotes and bars and one of ETH/USD
    /// trades and bars run side by side until each has 3 bars. Both must get exactly their own subscription.
    /// </summary>
    private static async Task<(JsonElement Btc, JsonElement Eth)> RunPipelineWithTwoClientsAsync(string clientDir, AlpacaSimulatorServer sim,
        string? kafkaBootstrap, Func<string, JsonElement, Task>? whileRunning = null)
    {
        var gatewayPort = HostProcess.FreePort();
        var env = new Dictionary<string, string>(sim.Settings)
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["TORGHUT_WS_EQUITY_ENABLED"] = "false", ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs),
            ["BARS_BACKFILL_LOOKBACK_HOURS"] = "0", ["TORGHUT_GATEWAY_URL"] = $"http://127.0.0.1:{gatewayPort}",
            ["TORGHUT_GATEWAY_KEYS"] = $"{Key}:{Secret}",
        };
        if (kafkaBootstrap is not null) env["KAFKA_BOOTSTRAP"] = kafkaBootstrap;
        JsonElement btc, eth;
        await using (var host = await HostProcess.StartAsync("run", env))
        {
            using var http = new HttpClient();
            await Eventually.HoldsAsync(async () => (await http.GetAsync($"{host.BaseUrl}/readyz")).IsSuccessStatusCode, "pipeline ready",
                TimeSpan.FromSeconds(60));
            await Eventually.HoldsAsync(async () =>
            {
                try { return JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{gatewayPort}/status")).RootElement
                    .GetProperty("envelopesRead").GetInt64() > 0; }
                catch (HttpRequestException) { return false; }
            }, "gateway reading the transport", TimeSpan.FromSeconds(60));
            host.Output.ShouldContain("gateway: Alpaca stream protocol at");
            host.Output.ShouldNotContain(Secret);

            var url = $"ws://127.0.0.1:{gatewayPort}/v1beta3/crypto/us";
            var btcRun = NodeClientRunner.RunScriptAsync(clientDir, "gateway-stream.js", TimeSpan.FromSeconds(120),
                url, Key, Secret, "BTC/USD", "trades,quotes,bars", "3", "90");
            var ethRun = NodeClientRunner.RunScriptAsync(clientDir, "gateway-stream.js", TimeSpan.FromSeconds(120),
                url, Key, Secret, "ETH/USD", "trades,bars", "3", "90");
            (btc, eth) = (await btcRun, await ethRun);
            if (whileRunning is not null) await whileRunning($"http://127.0.0.1:{gatewayPort}", btc);
            var metrics = await http.GetStringAsync($"{host.BaseUrl}/metrics");
            metrics.ShouldContain("torghut_gateway_connections_total 2");
            metrics.ShouldMatch(@"torghut_gateway_messages_delivered_total [1-9]");
            (await host.StopAsync()).ShouldBe(0, host.Output);
        }
        foreach (var (summary, symbol) in new[] { (btc, "BTC/USD"), (eth, "ETH/USD") })
        {
            summary.GetProperty("authenticated").GetBoolean().ShouldBeTrue(summary.GetProperty("authStatus").ToString());
            summary.GetProperty("errors").GetArrayLength().ShouldBe(0, summary.GetProperty("errors").ToString());
            foreach (var kind in new[] { "trades", "quotes", "bars" })
                summary.GetProperty(kind).EnumerateArray().ShouldAllBe(m => m.GetProperty("symbol").GetString() == symbol, $"{symbol} {kind}");
        }
        btc.GetProperty("subscription").GetProperty("quotes").EnumerateArray().Select(s => s.GetString()).ShouldBe(["BTC/USD"]);
        eth.GetProperty("quotes").GetArrayLength().ShouldBe(0, "the ETH client subscribed no quotes");
        return (btc, eth);
    }

    private static IEnumerable<JsonElement> Of(IEnumerable<JsonElement> envelopes, string channel) =>
        envelopes.Where(e => e.GetProperty("channel").GetString() == channel).Select(e => e.GetProperty("payload"));

    private static NanoTimestamp Time(JsonElement e) => NanoTimestamp.Parse(e.GetProperty("t").GetString()!);
}
