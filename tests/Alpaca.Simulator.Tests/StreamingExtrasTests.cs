using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using static Alpaca.Simulator.Tests.WsTestClient;

namespace Alpaca.Simulator.Tests;

public sealed class StreamingExtrasTests
{
    [Fact]
    public async Task Nothing_lost_or_duplicated_the_received_messages_equal_the_ground_truth()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","trades":["BTC/USD","ETH/USD"],"quotes":["*"],"bars":["*"],"updatedBars":["*"]}""");
        for (var i = 0; i < 3; i++) await client.WaitForAsync(m => IsType(m, "b") && m.GetProperty("S").GetString() == "SOL/USD");
        await client.SubscribeAsync("""{"action":"unsubscribe","trades":["BTC/USD","ETH/USD"],"quotes":["*"],"bars":["*"],"updatedBars":["*"]}""");

        var letters = new Dictionary<string, string> { ["t"] = "trades", ["q"] = "quotes", ["b"] = "bars", ["u"] = "updatedBars" };
        var received = client.Messages.Where(m => letters.ContainsKey(m.GetProperty("T").GetString()!))
            .GroupBy(m => (m.GetProperty("S").GetString()!, letters[m.GetProperty("T").GetString()!]))
            .ToDictionary(g => g.Key, g => g.Count());
        var truth = sim.Truth.Counts().Where(c => c.Published > 0).ToDictionary(c => (c.Symbol, c.Channel), c => (int)c.Published);
        received.OrderBy(kv => kv.Key).ShouldBe(truth.OrderBy(kv => kv.Key));
        var tradeIds = client.Messages.Where(m => IsType(m, "t")).Select(m => (m.GetProperty("S").GetString(), m.GetProperty("i").GetInt64())).ToList();
        tradeIds.Distinct().Count().ShouldBe(tradeIds.Count);
    }

    [Fact]
    public async Task Firehose_streams_at_max_rate_and_is_fully_accounted()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast() with { FirehoseSymbols = ["BTC/USD"] });
        await using var client = await ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"));
        await client.AuthAsync();
        await client.SubscribeAsync("""{"action":"subscribe","trades":["BTC/USD"]}""");
        var started = DateTime.UtcNow;
        while (client.Messages.Count < 200_000) (await client.ReceiveFrameAsync()).ShouldNotBeNull();
        var rate = client.Messages.Count / (DateTime.UtcNow - started).TotalSeconds;
        Console.WriteLine($"firehose: {rate:N0} msg/s received (JSON parsed by the test client)");
        await client.SubscribeAsync("""{"action":"unsubscribe","trades":["BTC/USD"]}""");
        client.Messages.Count(m => IsType(m, "t")).ShouldBe((int)sim.Truth.Published("BTC/USD", "trades"));
        client.Messages.First(m => IsType(m, "t")).GetProperty("p").GetDouble().ShouldBeInRange(60_000, 76_000);
    }

    [Fact]
    public async Task MessagePack_mode_when_the_handshake_says_application_msgpack()
    {
        await using var sim = await Sim.StartAsync(Sim.Fast(600));
        using var ws = await ConnectRawAsync(sim.StreamUrl("/v1beta3/crypto/us"), ("Content-Type", "application/msgpack"));
        var first = await ReceiveBinaryAsync(ws);
        Decode(first).ShouldBe("""[{"T":"success","msg":"connected"}]""");
        // Requests in msgpack: {"action":"auth","key":"k","secret":"s"}
        await ws.SendAsync(Map(("action", "auth"), ("key", "k"), ("secret", "s")), WebSocketMessageType.Binary, true, default);
        Decode(await ReceiveBinaryAsync(ws)).ShouldBe("""[{"T":"success","msg":"authenticated"}]""");
        await ws.SendAsync(Encoding.UTF8.GetBytes("""{"action":"subscribe","trades":["BTC/USD"],"bars":["BTC/USD"]}"""), WebSocketMessageType.Binary, true, default);
        Decode(await ReceiveBinaryAsync(ws)).ShouldStartWith("""[{"T":"subscription","trades":["BTC/USD"]""");
        var sawTrade = false;
        while (!sawTrade)
        {
            var frame = await ReceiveBinaryAsync(ws);
            var json = Decode(frame);
            using var doc = JsonDocument.Parse(json);
            foreach (var m in doc.RootElement.EnumerateArray())
            {
                m.EnumerateObject().First().Name.ShouldBe("T"); // T first in every map
                if (m.GetProperty("T").GetString() != "t") continue;
                m.GetProperty("t").GetString()!.ShouldStartWith("ext-1:"); // timestamp extension type -1
                m.GetProperty("s").GetDouble().ShouldBeGreaterThan(0);
                sawTrade = true;
            }
        }
    }

    internal static async Task<byte[]> ReceiveBinaryAsync(WebSocket ws)
    {
        var buffer = new byte[1 << 20];
        var total = 0;
        using var cts = new CancellationTokenSource(WsTestClient.Timeout);
        while (true)
        {
            var r = await ws.ReceiveAsync(new ArraySegment<byte>(buffer, total, buffer.Length - total), cts.Token);
            r.MessageType.ShouldBe(WebSocketMessageType.Binary);
            total += r.Count;
            if (r.EndOfMessage) return buffer[..total];
        }
    }

    internal static byte[] Map(params (string Key, string Value)[] pairs)
    {
        var bytes = new List<byte> { (byte)(0x80 | pairs.Length) };
        foreach (var (k, v) in pairs)
            foreach (var s in new[] { k, v })
            {
                var b = Encoding.UTF8.GetBytes(s);
                bytes.Add((byte)(0xa0 | b.Length));
                bytes.AddRange(b);
            }
        return bytes.ToArray();
    }

    /// <summary>An independent minimal msgpack decoder to JSON text (timestamps as "ext-1:seconds.nanos").</summary>
    internal static string Decode(byte[] data)
    {
        var pos = 0;
        var sb = new StringBuilder();
        Value(data, ref pos, sb);
        pos.ShouldBe(data.Length);
        return sb.ToString();
    }

    private static void Value(byte[] d, ref int p, StringBuilder sb)
    {
        var b = d[p++];
        if (b <= 0x7f) { sb.Append(b); return; }
        if (b is >= 0x80 and <= 0x8f) { MapOf(d, ref p, sb, b & 0xf); return; }
        if (b is >= 0x90 and <= 0x9f) { ArrayOf(d, ref p, sb, b & 0xf); return; }
        if (b is >= 0xa0 and <= 0xbf) { Str(d, ref p, sb, b & 0x1f); return; }
        switch (b)
        {
            case 0xc2: sb.Append("false"); return;
            case 0xc3: sb.Append("true"); return;
            case 0xcb: sb.Append(BinaryPrimitives.ReadDoubleBigEndian(d.AsSpan(p)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)); p += 8; return;
            case 0xd2: sb.Append(BinaryPrimitives.ReadInt32BigEndian(d.AsSpan(p))); p += 4; return;
            case 0xd3: sb.Append(BinaryPrimitives.ReadInt64BigEndian(d.AsSpan(p))); p += 8; return;
            case 0xd9: Str(d, ref p, sb, d[p++]); return;
            case 0xdc: { var n = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(p)); p += 2; ArrayOf(d, ref p, sb, n); return; }
            case 0xdd: { var n = (int)BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(p)); p += 4; ArrayOf(d, ref p, sb, n); return; }
            case 0xde: { var n = BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(p)); p += 2; MapOf(d, ref p, sb, n); return; }
            case 0xc7:
                {
                    var len = d[p++];
                    var type = (sbyte)d[p++];
                    type.ShouldBe((sbyte)-1);
                    len.ShouldBe((byte)12);
                    var nanos = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(p));
                    var secs = BinaryPrimitives.ReadInt64BigEndian(d.AsSpan(p + 4));
                    p += 12;
                    sb.Append($"\"ext-1:{secs}.{nanos:D9}\"");
                    return;
                }
            default: throw new InvalidOperationException($"unexpected msgpack byte 0x{b:x2}");
        }
    }

    private static void Str(byte[] d, ref int p, StringBuilder sb, int n)
    {
        sb.Append(JsonSerializer.Serialize(Encoding.UTF8.GetString(d, p, n)));
        p += n;
    }

    private static void ArrayOf(byte[] d, ref int p, StringBuilder sb, int n)
    {
        sb.Append('[');
        for (var i = 0; i < n; i++) { if (i > 0) sb.Append(','); Value(d, ref p, sb); }
        sb.Append(']');
    }

    private static void MapOf(byte[] d, ref int p, StringBuilder sb, int n)
    {
        sb.Append('{');
        for (var i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(',');
            Value(d, ref p, sb);
            sb.Append(':');
            Value(d, ref p, sb);
        }
        sb.Append('}');
    }
}
