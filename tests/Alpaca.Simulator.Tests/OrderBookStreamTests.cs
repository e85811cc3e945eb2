using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using static Alpaca.Simulator.Tests.WsTestClient;

namespace Alpaca.Simulator.Tests;

/// <summary>The crypto <c>orderbooks</c> channel as Alpaca sends it: a snapshot after the echo, then deltas.</summary>
public sealed class OrderBookStreamTests
{
    private static SimulatorConfig Config => Sim.Fast() with { OrderBookInterval = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public async Task A_subscribe_brings_a_snapshot_then_deltas_that_equal_the_ground_truth_and_never_cross()
    {
        await using var sim = await Sim.StartAsync(Config);
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","orderbooks":["BTC/USD"]}""");
        await client.WaitForAsync(m => IsType(m, "o") && !m.TryGetProperty("r", out _));
        for (var i = 0; i < 20; i++) await client.WaitForAsync(m => IsType(m, "o") && !m.TryGetProperty("r", out _));
        await client.SubscribeAsync("""{"action":"unsubscribe","orderbooks":["BTC/USD"]}""");

        var echo = client.Messages.FindIndex(m => IsType(m, "subscription"));
        var books = client.Messages.Select((m, i) => (m, i)).Where(x => IsType(x.m, "o")).ToList();
        books[0].i.ShouldBeGreaterThan(echo, "the snapshot follows the subscription echo");
        books[0].m.GetProperty("r").GetBoolean().ShouldBeTrue();
        books[0].m.GetProperty("b").GetArrayLength().ShouldBe(10);
        books[0].m.GetProperty("a").GetArrayLength().ShouldBe(10);
        books.Skip(1).Count(x => x.m.TryGetProperty("r", out _)).ShouldBe(0, "deltas carry no r");

        // One more may have left before the unsubscribe was read; every one received is the venue's, in order.
        var truth = sim.Truth.OrderBooks("BTC/USD");
        truth.Count.ShouldBeInRange(books.Count, books.Count + 1);
        var bids = new SortedDictionary<double, double>();
        var asks = new SortedDictionary<double, double>();
        for (var i = 0; i < books.Count; i++)
        {
            var m = books[i].m;
            m.GetProperty("S").GetString().ShouldBe("BTC/USD");
            Torghut.Abstractions.NanoTimestamp.Parse(m.GetProperty("t").GetString()!).ShouldBe(truth[i].Time);
            Levels(m.GetProperty("b")).ShouldBe(truth[i].Bids.Select(l => (l.Price, l.Size)).ToList());
            Levels(m.GetProperty("a")).ShouldBe(truth[i].Asks.Select(l => (l.Price, l.Size)).ToList());
            if (i > 0) truth[i].Time.ShouldBeGreaterThan(truth[i - 1].Time);
            var changed = Levels(m.GetProperty("b")).Count + Levels(m.GetProperty("a")).Count;
            changed.ShouldBeInRange(i == 0 ? 20 : 1, i == 0 ? 20 : 3);
            Apply(bids, m.GetProperty("b"));
            Apply(asks, m.GetProperty("a"));
            bids.Keys.Max().ShouldBeLessThan(asks.Keys.Min(), $"crossed after message {i}");
        }
        sim.Truth.Published("BTC/USD", "orderbooks").ShouldBe(truth.Count);
    }

    [Fact]
    public async Task Subscribing_again_after_an_unsubscribe_sends_a_new_snapshot()
    {
        await using var sim = await Sim.StartAsync(Config);
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","orderbooks":["ETH/USD"]}""");
        await client.WaitForAsync(m => IsType(m, "o") && !m.TryGetProperty("r", out _));
        await client.SubscribeAsync("""{"action":"unsubscribe","orderbooks":["ETH/USD"]}""");
        await client.SubscribeAsync("""{"action":"subscribe","orderbooks":["ETH/USD"]}""");
        await client.WaitForAsync(m => IsSnapshot(m) && client.Messages.Count(IsSnapshot) == 2);
        client.Messages.Count(IsSnapshot).ShouldBe(2);
    }

    [Fact]
    public async Task MessagePack_books_carry_the_same_keys_with_r_only_on_the_snapshot()
    {
        await using var sim = await Sim.StartAsync(Config);
        using var ws = await ConnectRawAsync(sim.StreamUrl("/v1beta3/crypto/us"),
            ("Content-Type", "application/msgpack"));
        await StreamingExtrasTests.ReceiveBinaryAsync(ws); // connected
        var auth = StreamingExtrasTests.Map(("action", "auth"), ("key", "k"), ("secret", "s"));
        await ws.SendAsync(auth, WebSocketMessageType.Binary, true, default);
        await StreamingExtrasTests.ReceiveBinaryAsync(ws); // authenticated
        var subscribe = Encoding.UTF8.GetBytes("""{"action":"subscribe","orderbooks":["BTC/USD"]}""");
        await ws.SendAsync(subscribe, WebSocketMessageType.Binary, true, default);
        var books = new List<JsonElement>();
        while (books.Count < 3)
        {
            var frame = StreamingExtrasTests.Decode(await StreamingExtrasTests.ReceiveBinaryAsync(ws));
            using var doc = JsonDocument.Parse(frame);
            books.AddRange(doc.RootElement.EnumerateArray().Where(m => m.GetProperty("T").GetString() == "o")
                .Select(m => m.Clone()));
        }
        books[0].EnumerateObject().Select(p => p.Name).ShouldBe(["T", "S", "t", "b", "a", "r"]);
        books[0].GetProperty("r").GetBoolean().ShouldBeTrue();
        books[0].GetProperty("t").GetString()!.ShouldStartWith("ext-1:");
        books[0].GetProperty("b")[0].GetProperty("p").GetDouble().ShouldBeGreaterThan(0);
        books[1].EnumerateObject().Select(p => p.Name).ShouldBe(["T", "S", "t", "b", "a"]);
    }

    private static bool IsSnapshot(JsonElement m) =>
        IsType(m, "o") && m.TryGetProperty("r", out var r) && r.GetBoolean();

    private static List<(double, double)> Levels(JsonElement side) =>
        side.EnumerateArray().Select(l => (l.GetProperty("p").GetDouble(), l.GetProperty("s").GetDouble())).ToList();

    private static void Apply(SortedDictionary<double, double> side, JsonElement levels)
    {
        foreach (var (p, s) in Levels(levels))
            if (s == 0) side.Remove(p).ShouldBeTrue($"removal of {p}, a level the book does not have");
            else side[p] = s;
    }
}
