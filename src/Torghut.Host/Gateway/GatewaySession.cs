using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Torghut.AlpacaStream;

namespace Torghut.Host.Gateway;

/// <summary>
/// One local client. The shared <see cref="StreamProtocol"/> answers its requests (ADR 0050); this class adds the
/// gateway's policy (its keys, Torghut's universe) and delivery: the feed offers messages into a bounded queue, and
/// the send loop — the only writer to the socket — batches them into Alpaca's array frames. When the queue overflows
/// the client is slow: it gets 407 and a close (or, if it never reads at all, the connection is cut after the send
/// timeout), and nobody else waits for it.
/// </summary>
internal sealed class GatewaySession : IStreamServerPolicy
{
    private const int FrameFlushBytes = 32 * 1024;
    private const int MaxRequestBytes = 1024 * 1024;

    private readonly HttpContext _http;
    private readonly WebSocket _ws;
    private readonly GatewaySettings _settings;
    private readonly Func<bool, IReadOnlySet<string>> _universe;
    private readonly GatewayStats _stats;
    private readonly StreamProtocol _protocol;
    private readonly ConcurrentQueue<GatewayMessage> _queue = new();
    private readonly ConcurrentQueue<StreamReply> _control = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly DateTime _connectedAt = DateTime.UtcNow;
    private byte[] _frame = new byte[FrameFlushBytes * 2];
    private int _frameLength, _frameCount, _queued, _signalled;
    private volatile bool _slow, _clientClosed;

    public GatewaySession(HttpContext http, WebSocket ws, StreamChannels channels, bool msgpack,
        GatewaySettings settings, Func<bool, IReadOnlySet<string>> universe, GatewayStats stats)
    {
        _http = http;
        _ws = ws;
        _settings = settings;
        _universe = universe;
        _stats = stats;
        _protocol = new StreamProtocol(channels, msgpack, this);
    }

    /// <summary>Called by the feed for every message; never blocks.</summary>
    public void Offer(GatewayMessage message)
    {
        if (_slow || message.Crypto != _protocol.Channels.IsCrypto) return;
        if ((_protocol.Subscriptions.MaskFor(message.Symbol) & message.Channel) == 0) return;
        if (Interlocked.Increment(ref _queued) > _settings.ClientQueue)
        {
            _slow = true; // the send loop sends 407 and closes; nothing more is queued
            Wake();
            return;
        }
        _queue.Enqueue(message);
        Wake();
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0) _signal.Release();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        _control.Enqueue(new StreamReply(_protocol.Connected()));
        var headerKey = _http.Request.Headers["APCA-API-KEY-ID"].ToString();
        var headerSecret = _http.Request.Headers["APCA-API-SECRET-KEY"].ToString();
        if (headerKey.Length > 0 || headerSecret.Length > 0)
        {
            var replies = new List<StreamReply>(1);
            _protocol.Authenticate(headerKey, headerSecret, replies);
            foreach (var r in replies) _control.Enqueue(r);
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = ReceiveLoopAsync(cts.Token);
        try
        {
            await SendLoopAsync(cts.Token);
        }
        catch (Exception e) when (IsGone(e))
        {
            // The client went away, a send timed out, or we are stopping: nothing more to say to it.
        }
        finally
        {
            if (_ws.State == WebSocketState.CloseSent)
                await Task.WhenAny(receive, Task.Delay(2000, CancellationToken.None));
            await cts.CancelAsync();
            try { await receive; } catch { /* the socket is finished either way */ }
            if (_ws.State is WebSocketState.Open or WebSocketState.CloseReceived) _http.Abort();
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        var replies = new List<StreamReply>(2);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var result = await _ws.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _clientClosed = true; // answered with a normal close by the send loop
                    return;
                }
                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxRequestBytes)
                {
                    _control.Enqueue(new StreamReply(_protocol.Error(400), true, "message too big"));
                    return;
                }
                if (!result.EndOfMessage) continue;
                replies.Clear();
                var text = result.MessageType == WebSocketMessageType.Text;
                _protocol.Handle(message.GetBuffer().AsSpan(0, (int)message.Length), text, replies);
                foreach (var r in replies) _control.Enqueue(r);
                message.SetLength(0);
                Wake();
            }
        }
        catch (Exception e) when (IsGone(e))
        {
        }
        finally
        {
            Wake();
        }
    }

    private async Task SendLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Volatile.Write(ref _signalled, 0);
            while (_control.TryDequeue(out var reply))
            {
                if (reply.Frame is not null) await SendAsync(reply.Frame, reply.Frame.Length, ct);
                if (reply.Close)
                {
                    await CloseAsync(WebSocketCloseStatus.PolicyViolation, reply.CloseReason, ct);
                    return;
                }
            }
            if (_clientClosed)
            {
                await CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", ct);
                return;
            }
            if (_ws.State != WebSocketState.Open) return;
            if (_slow)
            {
                // Alpaca's answer to a client that cannot keep up: 407, then the close (not guaranteed to arrive
                // first).
                _stats.Slow();
                await SendAsync(_protocol.Error(407), ct);
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, "slow client", ct);
                return;
            }
            if (!_protocol.Authenticated && DateTime.UtcNow - _connectedAt > _settings.AuthTimeout)
            {
                await SendAsync(_protocol.Error(404), ct);
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, "auth timeout", ct);
                return;
            }
            if (await SendQueuedAsync(ct)) continue; // more may have arrived while sending
            await _signal.WaitAsync(TimeSpan.FromSeconds(1), ct);
        }
    }

    /// <summary>Sends what is queued, in frames of up to ~32 KiB; true when anything was sent.</summary>
    private async Task<bool> SendQueuedAsync(CancellationToken ct)
    {
        var any = false;
        while (!_slow && _queue.TryDequeue(out var message))
        {
            Interlocked.Decrement(ref _queued);
            Append(_protocol.MsgPack ? message.MsgPack : message.Json);
            any = true;
            if (_frameLength >= FrameFlushBytes) await FlushAsync(ct);
        }
        await FlushAsync(ct);
        return any;
    }

    private void Append(byte[] bytes)
    {
        EnsureCapacity(bytes.Length + 8);
        if (_frameCount == 0)
        {
            // MessagePack: array32 header, its count patched in at the flush; JSON: '['.
            if (_protocol.MsgPack) { _frame[0] = 0xdd; _frameLength = 5; }
            else { _frame[0] = (byte)'['; _frameLength = 1; }
        }
        else if (!_protocol.MsgPack) _frame[_frameLength++] = (byte)',';
        bytes.CopyTo(_frame.AsSpan(_frameLength));
        _frameLength += bytes.Length;
        _frameCount++;
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_frameCount == 0) return;
        EnsureCapacity(1);
        if (_protocol.MsgPack) BinaryPrimitives.WriteUInt32BigEndian(_frame.AsSpan(1), (uint)_frameCount);
        else _frame[_frameLength++] = (byte)']';
        var count = _frameCount;
        _frameCount = 0;
        await SendAsync(_frame, _frameLength, ct);
        _stats.Sent(count);
    }

    private void EnsureCapacity(int extra)
    {
        if (_frameLength + extra > _frame.Length)
            Array.Resize(ref _frame, Math.Max(_frame.Length * 2, _frameLength + extra));
    }

    private Task SendAsync(byte[] frame, CancellationToken ct) => SendAsync(frame, frame.Length, ct);

    private async Task SendAsync(byte[] frame, int length, CancellationToken ct)
    {
        // A client that does not read makes the send block; past the timeout the connection is cut (the cancelled
        // send aborts the socket), so a stuck client cannot hold its session open forever.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.SendTimeout);
        var type = _protocol.MsgPack ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        await _ws.SendAsync(frame.AsMemory(0, length), type, true, timeout.Token);
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string? reason, CancellationToken ct)
    {
        if (_ws.State is not (WebSocketState.Open or WebSocketState.CloseReceived)) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        await _ws.CloseOutputAsync(status, reason, timeout.Token);
    }

    private static bool IsGone(Exception e) =>
        e is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException;

    // ---------------------------------------------------------------- policy

    (int Code, bool Close)? IStreamServerPolicy.Authenticate(string? key, string? secret) =>
        _settings.Keys.Accepts(key, secret) ? null : (402, false);

    /// <summary>
    /// A symbol outside Torghut's universe is refused with 400 (Alpaca's answer to a symbol it does not carry in a
    /// subscribe) and the subscription stays as it was; "*" means every symbol of the universe.
    /// </summary>
    int? IStreamServerPolicy.Check(IReadOnlyDictionary<string, IReadOnlyList<string>> request, SubscriptionSet next)
    {
        var universe = _universe(_protocol.Channels.IsCrypto);
        foreach (var symbols in request.Values)
            foreach (var s in symbols)
                if (s != "*" && !universe.Contains(s)) return 400;
        return null;
    }

    void IStreamServerPolicy.Subscribed(IReadOnlyDictionary<string, IReadOnlyList<string>> request)
    {
    }
}
