using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Torghut.Benchmarks;

/// <summary>
/// The websocket client both sides of <c>sim-throughput</c> are measured with: whole messages into one reused
/// buffer, messages counted by <see cref="MarkerCounter"/>. No JSON parsing, no per-frame allocation.
/// </summary>
public sealed class CountingClient : IAsyncDisposable
{
    private readonly ClientWebSocket _ws = new();
    private byte[] _buffer = new byte[1 << 20];

    public static async Task<CountingClient> ConnectAsync(Uri url, CancellationToken ct)
    {
        var client = new CountingClient();
        client._ws.Options.KeepAliveInterval = TimeSpan.Zero;
        await client._ws.ConnectAsync(url, ct);
        return client;
    }

    public Task SendAsync(string json, CancellationToken ct) =>
        _ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, ct);

    /// <summary>Receives one whole message; its bytes stay valid until the next call.</summary>
    public async Task<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            if (total == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            var r = await _ws.ReceiveAsync(_buffer.AsMemory(total), ct);
            if (r.MessageType == WebSocketMessageType.Close) throw new WebSocketException("server closed the connection");
            total += r.Count;
            if (r.EndOfMessage) return _buffer.AsMemory(0, total);
        }
    }

    /// <summary>Receives until a message contains <paramref name="text"/> (a handshake step).</summary>
    public async Task<string> ReceiveUntilAsync(string text, CancellationToken ct)
    {
        while (true)
        {
            var message = Encoding.UTF8.GetString((await ReceiveAsync(ct)).Span);
            if (message.Contains("\"T\":\"error\"", StringComparison.Ordinal)) throw new InvalidOperationException($"server error: {message}");
            if (message.Contains(text, StringComparison.Ordinal)) return message;
        }
    }

    /// <summary>Counts messages for <paramref name="duration"/>; returns (messages, seconds actually measured).</summary>
    public async Task<(long Messages, double Seconds)> CountForAsync(TimeSpan duration, CancellationToken ct)
    {
        long messages = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration) messages += MarkerCounter.Count((await ReceiveAsync(ct)).Span);
        return (messages, clock.Elapsed.TotalSeconds);
    }

    public ValueTask DisposeAsync()
    {
        _ws.Abort(); // measurements are over; no close handshake to wait for
        _ws.Dispose();
        return ValueTask.CompletedTask;
    }
}
