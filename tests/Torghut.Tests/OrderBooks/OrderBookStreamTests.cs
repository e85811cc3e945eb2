using System.Net;
using System.Text.Json;
using Alpaca.Simulator;
using Alpaca.Simulator.Faults;
using Torghut.Abstractions;
using Torghut.Host.OrderBooks;
using Torghut.Tests.Support;
using Torghut.Tests.Transport;

namespace Torghut.Tests.OrderBooks;

/// <summary>
/// Order books end to end: the simulator sends Alpaca's snapshot-then-deltas over a real socket to `torghut run`
/// with <c>orderbooks</c> turned on; every message lands on <c>torghut.orderbooks.v1</c> as sent, and
/// <c>/api/orderbook</c> equals the book rebuilt from what the simulator recorded it sent — also after a reconnect,
/// when the book starts again from the new connection's snapshot.
/// </summary>
public sealed class OrderBookStreamTests(KafkaMockBroker kafka) : IClassFixture<KafkaMockBroker>
{
    private static readonly string[] Pairs = ["BTC/USD", "ETH/USD"];

    [Fact]
    public async Task Books_follow_the_venue_over_a_reconnect_and_every_message_is_published_as_sent()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig
        {
            Speed = 60, Symbols = Pairs, OrderBookInterval = TimeSpan.FromMilliseconds(100),
        });
        var env = new Dictionary<string, string>(sim.Settings)
        {
            ["TORGHUT_WS_CRYPTO_ENABLED"] = "true", ["SYMBOLS_CRYPTO"] = string.Join(",", Pairs),
            ["KAFKA_BOOTSTRAP"] = kafka.Bootstrap,
            ["ENABLE_BARS_BACKFILL"] = "false", ["ALPACA_MARKET_DATA_CHANNELS"] = "trades,quotes,bars,orderbooks",
            ["RECONNECT_BASE_MS"] = "100", ["RECONNECT_MAX_MS"] = "500",
        };
        using var http = new HttpClient();
        await using (var host = await HostProcess.StartAsync("run --role ingest", env))
        {
            async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string query)
            {
                using var response = await http.GetAsync($"{host.BaseUrl}/api/orderbook?{query}");
                var text = await response.Content.ReadAsStringAsync();
                return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
            }

            foreach (var symbol in Pairs)
                await Eventually.HoldsAsync(async () => await GetAsync("symbol=" + Uri.EscapeDataString(symbol)) is
                    { Status: HttpStatusCode.OK } r && r.Body.GetProperty("updates").GetInt64() >= 10,
                    $"{symbol}: a book with a snapshot and deltas", TimeSpan.FromSeconds(45));
            foreach (var symbol in Pairs) await BookEqualsTheVenuesAsync(symbol, connection: 1);

            // Bad input is answered clearly; a pair the lane does not stream has no book.
            (await GetAsync("")).Status.ShouldBe(HttpStatusCode.BadRequest);
            (await GetAsync("symbol=BTC%2FUSD&depth=0")).Body.GetProperty("field").GetString().ShouldBe("depth");
            (await GetAsync("symbol=BTC%2FUSD&depth=x")).Status.ShouldBe(HttpStatusCode.BadRequest);
            (await GetAsync("symbol=XRP%2FUSD")).Status.ShouldBe(HttpStatusCode.NotFound);

            // The venue drops the connection: the lane reconnects and each book is rebuilt from the new snapshot.
            sim.Faults.Apply(FaultPlan.Parse("drop every=1s count=1"));
            await Eventually.HoldsAsync(() => sim.Truth.Connections >= 2 &&
                Pairs.All(s => sim.Truth.OrderBooks(s).Count(o => o.Connection == sim.Truth.Connections) >= 10),
                "a second connection streaming books", TimeSpan.FromSeconds(30));
            foreach (var symbol in Pairs) await BookEqualsTheVenuesAsync(symbol, connection: sim.Truth.Connections);
            var metrics = await http.GetStringAsync($"{host.BaseUrl}/metrics");
            metrics.ShouldContain("torghut_orderbook_resyncs_total{lane=\"crypto\"} 1");
            metrics.ShouldContain("torghut_orderbook_messages_total{lane=\"crypto\",kind=\"delta_before_snapshot\"} 0");
            metrics.ShouldContain("torghut_orderbook_books{lane=\"crypto\",state=\"live\"} 2");
            (await host.StopAsync()).ShouldBe(0, host.Output);

            async Task BookEqualsTheVenuesAsync(string symbol, long connection)
            {
                // The newest book at the time it reports; then the venue's messages up to that one, replayed.
                var query = $"symbol={Uri.EscapeDataString(symbol)}&depth={OrderBookEndpointsDepth}";
                await Eventually.HoldsAsync(async () => (await GetAsync(query)).Body is var b
                    && b.GetProperty("state").GetString() == BookState.Live
                    && sim.Truth.OrderBooks(symbol).Any(o => o.Connection == connection && o.Time == EventTs(b)),
                    $"{symbol}: a live book of connection {connection}", TimeSpan.FromSeconds(20));
                var body = (await GetAsync(query)).Body;
                var at = EventTs(body);
                var sent = sim.Truth.OrderBooks(symbol).Where(o => o.Connection == connection).ToList();
                var upTo = sent.FindIndex(o => o.Time == at);
                upTo.ShouldBeGreaterThanOrEqualTo(0, $"{symbol}: {at} is no message sent on connection {connection}");
                sent[0].Reset.ShouldBeTrue($"{symbol}: connection {connection} starts with a snapshot");
                var rebuilt = new L2Book();
                foreach (var o in sent.Take(upTo + 1))
                    rebuilt.Apply(new OrderBookUpdate(symbol, o.Time, o.Bids, o.Asks, o.Reset), o.Time);
                Levels(body.GetProperty("bids")).ShouldBe(rebuilt.TopBids(OrderBookEndpointsDepth), $"{symbol} bids");
                Levels(body.GetProperty("asks")).ShouldBe(rebuilt.TopAsks(OrderBookEndpointsDepth), $"{symbol} asks");
                body.GetProperty("bids").GetArrayLength().ShouldBeGreaterThan(0);
            }
        }

        // Every message the venue sent before the host stopped is on the topic, in order, once, as sent.
        var published = KafkaTopicDump.ReadAll(kafka.Bootstrap, ["torghut.orderbooks.v1"])
            .Select(r => (r.Message.Key, Envelope: JsonDocument.Parse(r.Message.Value).RootElement)).ToList();
        foreach (var symbol in Pairs)
        {
            var envelopes = published.Where(p => p.Key == symbol).Select(p => p.Envelope)
                .OrderBy(e => e.GetProperty("seq").GetInt64()).ToList();
            envelopes.ShouldAllBe(e => e.GetProperty("channel").GetString() == "orderbooks"
                && e.GetProperty("symbol").GetString() == symbol);
            var sent = sim.Truth.OrderBooks(symbol);
            envelopes.Count.ShouldBeGreaterThanOrEqualTo(20);
            envelopes.Count.ShouldBeLessThanOrEqualTo(sent.Count);
            for (var i = 0; i < envelopes.Count; i++)
            {
                var payload = envelopes[i].GetProperty("payload");
                var o = sent[i];
                NanoTimestamp.Parse(payload.GetProperty("t").GetString()!).ShouldBe(o.Time, $"{symbol} message {i}");
                payload.GetProperty("r").GetBoolean().ShouldBe(o.Reset, $"{symbol} message {i}");
                Levels(payload.GetProperty("b")).ShouldBe(o.Bids, $"{symbol} message {i} bids");
                Levels(payload.GetProperty("a")).ShouldBe(o.Asks, $"{symbol} message {i} asks");
            }
            envelopes.Count(e => e.GetProperty("payload").GetProperty("r").GetBoolean())
                .ShouldBe(2, $"{symbol}: one snapshot per connection");
        }
    }

    private const int OrderBookEndpointsDepth = 100;

    private static NanoTimestamp EventTs(JsonElement book) =>
        NanoTimestamp.Parse(book.GetProperty("eventTs").GetString()!);

    private static List<PriceLevel> Levels(JsonElement side) => side.EnumerateArray()
        .Select(l => new PriceLevel(l.GetProperty("p").GetDouble(), l.GetProperty("s").GetDouble())).ToList();
}
