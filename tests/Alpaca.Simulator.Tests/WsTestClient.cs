using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Alpaca.Simulator.Tests;

/// <summary>A thin ClientWebSocket wrapper that records every frame and message it receives.</summary>
internal sealed class WsTestClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly WebSocket _ws;
    private byte[] _buffer = new byte[1 << 20];
    private int _next;

    private WsTestClient(WebSocket ws) => _ws = ws;

    public WebSocket Socket => _ws;
    public List<string> Frames { get; } = [];
    public List<JsonElement> Messages { get; } = [];
    public WebSocketCloseStatus? CloseStatus { get; private set; }
    public bool Closed { get; private set; }

    public static async Task<WsTestClient> ConnectAsync(Uri url, Action<ClientWebSocketOptions>? configure = null)
    {
        var ws = new ClientWebSocket();
        configure?.Invoke(ws.Options);
        using var cts = new CancellationTokenSource(Timeout);
        await ws.ConnectAsync(url, cts.Token);
        return new WsTestClient(ws);
    }

    /// <summary>A raw handshake over TCP, for headers ClientWebSocket refuses (Content-Type).</summary>
    public static async Task<WebSocket> ConnectRawAsync(Uri url, params (string Name, string Value)[] headers)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port);
        var stream = tcp.GetStream();
        var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        var sb = new StringBuilder()
            .Append($"GET {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Host}:{url.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
            .Append($"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n");
        foreach (var (n, v) in headers) sb.Append($"{n}: {v}\r\n");
        sb.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(sb.ToString()));
        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0) throw new IOException("closed during handshake");
            response.Append((char)one[0]);
        }
        if (!response.ToString().StartsWith("HTTP/1.1 101", StringComparison.Ordinal)) throw new IOException(response.ToString());
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
    }

    public Task SendAsync(string json) =>
        _ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Next frame as text, or null when the socket closed.</summary>
    public async Task<string?> ReceiveFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? Timeout);
        var total = 0;
        while (true)
        {
            WebSocketReceiveResult result;
            try
            {
                if (total == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                result = await _ws.ReceiveAsync(new ArraySegment<byte>(_buffer, total, _buffer.Length - total), cts.Token);
            }
            catch (WebSocketException)
            {
                Closed = true;
                return null;
            }
            if (result.MessageType == WebSocketMessageType.Close)
            {
                Closed = true;
                CloseStatus = result.CloseStatus;
                return null;
            }
            total += result.Count;
            if (result.EndOfMessage) break;
        }
        var text = Encoding.UTF8.GetString(_buffer, 0, total);
        Frames.Add(text);
        try
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var el in doc.RootElement.EnumerateArray()) Messages.Add(el.Clone());
        }
        catch (JsonException)
        {
            // corrupted frames are kept in Frames only
        }
        return text;
    }

    /// <summary>Receives until a message matches; fails on timeout or close.</summary>
    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (true)
        {
            // Each wait starts after the previous match, so replies are consumed in order.
            for (; _next < Messages.Count; _next++)
                if (predicate(Messages[_next])) { var hit = Messages[_next]; _next++; return hit; }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("no matching message; last frames: " + string.Join("\n", Frames.TakeLast(3)));
            string? frame;
            try { frame = await ReceiveFrameAsync(left); }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no matching message ({Messages.Count} received, server error: {Alpaca.Simulator.Streaming.WsSession.LastError}); last frames: " + string.Join("\n", Frames.TakeLast(3)));
            }
            if (frame is null)
                throw new InvalidOperationException($"socket closed ({CloseStatus}) while waiting; last frames: " + string.Join("\n", Frames.TakeLast(3)));
        }
    }

    /// <summary>Reads frames until the server closes the socket; true if it did within the timeout.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Timeout);
        while (!Closed)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return false;
            try { await ReceiveFrameAsync(left); }
            catch (OperationCanceledException) { return Closed; }
        }
        return true;
    }

    public static bool IsType(JsonElement m, string type) =>
        m.ValueKind == JsonValueKind.Object && m.TryGetProperty("T", out var t) && t.GetString() == type;

    public static bool IsError(JsonElement m, int code) => IsType(m, "error") && m.GetProperty("code").GetInt32() == code;

    public async Task AuthAsync(string key = "key", string secret = "secret")
    {
        await WaitForAsync(m => IsType(m, "success") && m.GetProperty("msg").GetString() == "connected");
        await SendAsync($$"""{"action":"auth","key":"{{key}}","secret":"{{secret}}"}""");
        await WaitForAsync(m => IsType(m, "success") && m.GetProperty("msg").GetString() == "authenticated");
    }

    public async Task<JsonElement> SubscribeAsync(string body)
    {
        await SendAsync(body);
        return await WaitForAsync(m => IsType(m, "subscription") || IsType(m, "error"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_ws.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
        }
        catch (Exception) { }
        _ws.Dispose();
    }
}

internal static class Sim
{
    /// <summary>A Wednesday at 10:00 New York time: regular session for stocks.</summary>
    public static readonly DateTimeOffset RegularSession = new(2024, 7, 24, 14, 0, 0, TimeSpan.Zero);

    public static Task<AlpacaSimulatorServer> StartAsync(SimulatorConfig? config = null) =>
        AlpacaSimulatorServer.StartAsync((config ?? new SimulatorConfig()) with { Port = 0 });

    public static SimulatorConfig Fast(double speed = 60) => new() { Speed = speed, Start = RegularSession };
}
