using System.Net.WebSockets;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.AlpacaStream;

namespace Torghut.Tests.Gateway;

/// <summary>MessagePack, which Alpaca's official SDKs ask for with <c>Content-Type: application/msgpack</c>.</summary>
public sealed class GatewayMsgPackTests
{
    private static readonly NanoTimestamp T0 = NanoTimestamp.Parse("2026-12-06T16:00:01.123456789Z");

    [Fact]
    public async Task A_msgpack_client_authenticates_and_subscribes_in_msgpack_and_gets_maps_with_T_first_and_nanosecond_timestamps()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        // As the official SDKs connect (ClientWebSocket drops a Content-Type header, so the handshake is by hand).
        using var ws = await gateway.RawConnectAsync("Content-Type: application/msgpack\r\n");
        (await ReceiveAsJsonAsync(ws)).ShouldBe("""[{"T":"success","msg":"connected"}]""");

        var auth = new MsgPackWriter();
        auth.WriteMapHeader(3);
        auth.WriteString("action"); auth.WriteString("auth");
        auth.WriteString("key"); auth.WriteString(GatewayHarness.Key);
        auth.WriteString("secret"); auth.WriteString(GatewayHarness.Secret);
        await ws.SendAsync(auth.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
        (await ReceiveAsJsonAsync(ws)).ShouldBe("""[{"T":"success","msg":"authenticated"}]""");

        var subscribe = new MsgPackWriter();
        subscribe.WriteMapHeader(2);
        subscribe.WriteString("action"); subscribe.WriteString("subscribe");
        subscribe.WriteString("trades"); subscribe.WriteArrayHeader(1); subscribe.WriteString("BTC/USD");
        await ws.SendAsync(subscribe.ToArray(), WebSocketMessageType.Binary, true, CancellationToken.None);
        (await ReceiveAsJsonAsync(ws))!.ShouldStartWith("""[{"T":"subscription","trades":["BTC/USD"]""");

        await gateway.TradeAsync("BTC/USD", 67012.25, 0.00042, 9_007_199_254_740_993, T0);
        var frame = await ReceiveAsync(ws);
        frame.Type.ShouldBe(WebSocketMessageType.Binary);
        // array(1) of map(6) whose first key is "T" — the Go SDK refuses maps that do not start with T.
        frame.Bytes[5].ShouldBe((byte)0x86);
        frame.Bytes.AsSpan(6, 4).ToArray().ShouldBe([0xa1, (byte)'T', 0xa1, (byte)'t']);
        var message = JsonDocument.Parse(MsgPackToJson.Convert(frame.Bytes)).RootElement.EnumerateArray().Single();
        message.GetProperty("i").GetInt64().ShouldBe(9_007_199_254_740_993);
        message.GetProperty("p").GetDouble().ShouldBe(67012.25);
        message.GetProperty("s").GetDouble().ShouldBe(0.00042);
        // The timestamp extension, all nine digits.
        message.GetProperty("t").GetString().ShouldBe("2026-12-06T16:00:01.123456789Z");
    }

    [Fact]
    public void Every_payload_field_survives_the_msgpack_encoding()
    {
        var json = """{"T":"q","S":"AAPL","bx":"V","bp":189.5,"bs":300,"ax":"Q","ap":189.51,"as":1.5E-3,"c":["R","@"],"t":"2026-12-06T15:00:00.5Z","z":"C","vw":null}"""u8;
        var back = JsonDocument.Parse(MsgPackToJson.Convert(Torghut.Host.Gateway.AlpacaMessageEncoding.JsonToMsgPack(json))).RootElement;
        var expected = JsonDocument.Parse(json.ToArray()).RootElement;
        back.EnumerateObject().Select(p => p.Name).ShouldBe(expected.EnumerateObject().Select(p => p.Name));
        foreach (var p in expected.EnumerateObject())
        {
            var got = back.GetProperty(p.Name);
            if (p.Value.ValueKind == JsonValueKind.Number) got.GetDouble().ShouldBe(p.Value.GetDouble(), p.Name);
            else if (p.Name == "t") NanoTimestamp.Parse(got.GetString()!).ShouldBe(NanoTimestamp.Parse(p.Value.GetString()!));
            else got.GetRawText().ShouldBe(p.Value.GetRawText(), p.Name);
        }
    }

    private static async Task<string?> ReceiveAsJsonAsync(WebSocket ws)
    {
        var frame = await ReceiveAsync(ws);
        frame.Type.ShouldBe(WebSocketMessageType.Binary, "a msgpack client gets binary frames");
        return System.Text.Encoding.UTF8.GetString(MsgPackToJson.Convert(frame.Bytes));
    }

    private static async Task<(WebSocketMessageType Type, byte[] Bytes)> ReceiveAsync(WebSocket ws)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, cts.Token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return (result.MessageType, message.ToArray());
        }
    }
}
