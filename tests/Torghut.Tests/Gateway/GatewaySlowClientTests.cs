using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Tests.Support;

namespace Torghut.Tests.Gateway;

/// <summary>
/// A client that stops reading fills its own bounded queue and nothing else: it gets Alpaca's 407 and a close,
/// while ingest keeps publishing and the other clients keep receiving everything.
/// </summary>
public sealed class GatewaySlowClientTests
{
    private const int Burst = 200_000, Chunk = 1000;
    private static readonly NanoTimestamp T0 = NanoTimestamp.Parse("2026-12-06T16:00:00Z");

    [Fact]
    public async Task A_client_that_stops_reading_gets_407_and_a_close_while_ingest_and_another_client_are_unaffected()
    {
        // 30 s send timeout: the stalled send completes once the client reads again, and then comes the 407.
        await using var gateway = await GatewayHarness.StartAsync(clientQueue: 5000, sendTimeoutMs: 30_000);
        using var fast = await gateway.ConnectAsync();
        await fast.SendAsync(new { action = "subscribe", trades = new[] { "BTC/USD" } });
        await fast.ReceiveAsync();
        using var stalled = await gateway.ConnectNonReadingClientAsync();

        // Published in chunks the reading client keeps up with (it is a test client, not a fast one), far more than
        // the stalled client's socket buffers and queue hold.
        var received = new List<long>();
        for (var chunk = 0; chunk < Burst / Chunk; chunk++)
        {
            for (var i = chunk * Chunk; i < (chunk + 1) * Chunk; i++) await gateway.TradeAsync("BTC/USD", 67000 + i % 100, 0.001, i, T0.AddNanoseconds(i));
            received.AddRange((await fast.ReceiveMessagesAsync(Chunk, TimeSpan.FromSeconds(30))).Select(m => m.GetProperty("i").GetInt64()));
        }
        gateway.Publisher.Health.Delivered.ShouldBe(Burst, "ingest published everything while a client was stalled");
        received.ShouldBe(Enumerable.Range(0, Burst).Select(i => (long)i));

        // The stalled client reads again: what the server had already sent, then 407, then the close.
        var (error, closeStatus) = await ReadUntilCloseAsync(stalled);
        error.ShouldBe("""[{"T":"error","code":407,"msg":"slow client"}]""");
        closeStatus.ShouldBe(WebSocketCloseStatus.PolicyViolation);
        await Eventually.HoldsAsync(() => gateway.Stats.SlowClients == 1 && gateway.Stats.Clients == 1, "the slow client gone, the other still connected");

        // The remaining client still gets new data.
        await gateway.TradeAsync("BTC/USD", 1, 1, Burst, T0);
        (await fast.ReceiveMessagesAsync(1)).Single().GetProperty("i").GetInt64().ShouldBe(Burst);
    }

    [Fact]
    public async Task A_client_that_never_reads_again_is_cut_off_after_the_send_timeout()
    {
        await using var gateway = await GatewayHarness.StartAsync(clientQueue: 1000, sendTimeoutMs: 1000);
        using var stalled = await gateway.ConnectNonReadingClientAsync();
        for (var i = 0; i < Burst; i++) await gateway.TradeAsync("BTC/USD", 67000, 0.001, i, T0.AddNanoseconds(i));
        await Eventually.HoldsAsync(() => gateway.Stats.Clients == 0, "the stalled client disconnected", TimeSpan.FromSeconds(30));
    }

    /// <summary>Reads data frames until the first non-data frame, then the close; returns both.</summary>
    private static async Task<(string? Error, WebSocketCloseStatus? Status)> ReadUntilCloseAsync(WebSocket ws)
    {
        var buffer = new byte[64 * 1024];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? error = null;
        using var message = new MemoryStream();
        while (true)
        {
            var result = await ws.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return (error, result.CloseStatus);
            message.Write(buffer, 0, result.Count);
            if (!result.EndOfMessage) continue;
            var text = Encoding.UTF8.GetString(message.ToArray());
            message.SetLength(0);
            if (JsonDocument.Parse(text).RootElement[0].GetProperty("T").GetString() != "t") error ??= text;
        }
    }
}
