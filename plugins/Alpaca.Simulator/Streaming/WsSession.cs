using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Alpaca.Simulator.Faults;
using Alpaca.Simulator.Market;
using Alpaca.Simulator.Serialization;
using Torghut.AlpacaStream;
using Microsoft.AspNetCore.Http;
using Torghut.Abstractions;

namespace Alpaca.Simulator.Streaming;

/// <summary>
/// One client connection. Handshake, auth and subscriptions follow the shared <see cref="StreamProtocol"/> (ADR 0050);
/// this class adds the simulator's credentials, limits, faults and clock-driven market data. The receive loop parses
/// requests and queues replies; the send loop is the only writer:
/// it sends queued control frames, then every market event published since the last tick for the subscribed
/// symbols, batched into array frames of pre-encoded messages (encode once per event, copy per connection).
/// </summary>
internal sealed class WsSession : IStreamServerPolicy
{
    private const int TickMilliseconds = 10;
    private const int FrameFlushBytes = 32 * 1024;
    private const int FirehoseBatch = 512;

    private enum CloseKind { None, CloseFrame, Abort }

    private readonly record struct Outgoing(byte[]? Frame, CloseKind Close = CloseKind.None, WebSocketCloseStatus Status = WebSocketCloseStatus.NormalClosure, string? Reason = null);

    private readonly SimulatorContext _sim;
    private readonly HttpContext _http;
    private readonly WebSocket _ws;
    private readonly StreamDefinition _stream;
    private readonly bool _msgpack;
    private readonly ConcurrentQueue<Outgoing> _control = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly StreamProtocol _protocol;
    private readonly SessionFaultState _faultState;
    private readonly Stopwatch _age = Stopwatch.StartNew();
    private readonly CancellationTokenSource _sendTimeout = new();
    private readonly List<SimEvent> _batch = new(1024);
    private readonly MsgPackWriter _firehoseWriter = new(256);
    private Random _rng;
    private readonly SessionOrderBooks _books;
    private string? _connectionKey;
    private long _cursor;
    private byte[] _frame = new byte[FrameFlushBytes * 2];
    private int _frameLength;
    private static long s_firehoseIds;
    private static int s_sessionIds;

    public WsSession(SimulatorContext sim, HttpContext http, WebSocket ws, StreamDefinition stream, bool msgpack)
    {
        _sim = sim;
        _http = http;
        _ws = ws;
        _stream = stream;
        _msgpack = msgpack;
        _faultState = sim.Faults.NewSession();
        var id = Interlocked.Increment(ref s_sessionIds);
        _rng = new Random(sim.Config.Seed ^ id);
        _books = new SessionOrderBooks(sim, sim.Truth.Connections, new Random(sim.Config.Seed ^ id ^ 0x0b00));
        _cursor = sim.Clock.NowNanos;
        _protocol = new StreamProtocol(stream.Channels, msgpack, this);
    }

    /// <summary>The last unexpected failure of any session (diagnostics for tests).</summary>
    public static Exception? LastError { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        Enqueue(_protocol.Connected());
        var headerKey = _http.Request.Headers["APCA-API-KEY-ID"].ToString();
        var headerSecret = _http.Request.Headers["APCA-API-SECRET-KEY"].ToString();
        if (headerKey.Length > 0 || headerSecret.Length > 0)
        {
            var replies = new List<StreamReply>(1);
            _protocol.Authenticate(headerKey, headerSecret, replies);
            EnqueueReplies(replies);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receive = ReceiveLoopAsync(cts.Token);
        try
        {
            await SendLoopAsync(cts.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The peer went away or we shut down: nothing more to say to it.
        }
        catch (Exception ex)
        {
            // A simulator bug must not look like a silent socket: report 500 internal error and close.
            LastError = ex;
            try
            {
                await SendRawAsync(ControlMessages.Error(500, _msgpack), cts.Token);
                await CloseAsync(CloseKind.CloseFrame, WebSocketCloseStatus.InternalServerError, "internal error", cts.Token);
            }
            catch (Exception) { }
        }
        finally
        {
            // After our close frame, let the client answer it: cancelling a receive aborts the socket, which could
            // discard the frames (e.g. an error) still on their way.
            if (_ws.State == WebSocketState.CloseSent) await Task.WhenAny(receive, Task.Delay(2000, CancellationToken.None));
            cts.Cancel();
            ReleaseSlot();
            try { await receive; } catch { /* already reported by the send loop */ }
            if (_ws.State is WebSocketState.Open or WebSocketState.CloseReceived) _http.Abort();
        }
    }

    private void Enqueue(byte[] frame) => Enqueue(new Outgoing(frame));

    private void Enqueue(Outgoing o)
    {
        _control.Enqueue(o);
        _signal.Release();
    }

    // ---------------------------------------------------------------- receive

    private async Task ReceiveLoopAsync(CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        var message = new ArrayBufferWriter<byte>(1024);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var result = await _ws.ReceiveAsync(buffer.AsMemory(), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Enqueue(new Outgoing(null, CloseKind.CloseFrame, WebSocketCloseStatus.NormalClosure, "bye"));
                    return;
                }
                message.Write(buffer.AsSpan(0, result.Count));
                if (message.WrittenCount > 4 * 1024 * 1024)
                {
                    Enqueue(ControlMessages.Error(400, _msgpack));
                    Enqueue(new Outgoing(null, CloseKind.CloseFrame, WebSocketCloseStatus.MessageTooBig, "message too big"));
                    return;
                }
                if (!result.EndOfMessage) continue;
                HandleMessage(message.WrittenSpan, result.MessageType);
                message.Clear();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _signal.Release();
        }
    }

    private void HandleMessage(ReadOnlySpan<byte> data, WebSocketMessageType type)
    {
        var replies = new List<StreamReply>(2);
        try
        {
            _protocol.Handle(data, type == WebSocketMessageType.Text, replies);
        }
        catch (Exception)
        {
            replies.Add(new StreamReply(_protocol.Error(500)));
        }
        EnqueueReplies(replies);
    }

    private void EnqueueReplies(List<StreamReply> replies)
    {
        foreach (var r in replies)
        {
            if (r.Frame is not null) Enqueue(r.Frame);
            if (r.Close)
                Enqueue(new Outgoing(null, CloseKind.CloseFrame, WebSocketCloseStatus.PolicyViolation, r.CloseReason));
        }
    }

    // ---------------------------------------------------------------- policy (the protocol itself is shared)

    (int Code, bool Close)? IStreamServerPolicy.Authenticate(string? key, string? secret)
    {
        var credential = _sim.Validate(key, secret);
        if (credential is null) return (402, false);
        var v2 = _stream.Path.StartsWith("/v2/", StringComparison.Ordinal);
        if (!credential.DataScope || (!credential.V2Enabled && v2))
            return (credential.DataScope ? 408 : 411, false);
        if (_stream.RequiresSip && !credential.Sip) return (409, true);
        // One connection per key per endpoint: the newcomer is refused, the existing session is untouched.
        if (!_sim.TryAcquireConnection(credential.Key, _stream.Path)) return (406, false);
        _connectionKey = credential.Key;
        _cursor = _sim.Clock.NowNanos;
        return null;
    }

    int? IStreamServerPolicy.Check(IReadOnlyDictionary<string, IReadOnlyList<string>> request, SubscriptionSet next) =>
        _sim.EffectiveSymbolLimit is { } limit && next.DistinctSymbolCount > limit ? 405 : null;

    void IStreamServerPolicy.Subscribed(IReadOnlyDictionary<string, IReadOnlyList<string>> request)
    {
        foreach (var s in request.Values.SelectMany(v => v))
            if (s != "*") _sim.Market.AddToUniverse(s);
    }

    // ---------------------------------------------------------------- send

    private async Task SendLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            // Read before the control frames go out: a subscription's echo then precedes its snapshot, as at Alpaca.
            var subscribed = _protocol.Subscriptions;
            while (_control.TryDequeue(out var o))
            {
                if (o.Frame is not null) await SendRawAsync(o.Frame, o.Frame.Length, ct);
                if (o.Close != CloseKind.None)
                {
                    await CloseAsync(o.Close, o.Status, o.Reason, ct);
                    return;
                }
            }
            if (_ws.State != WebSocketState.Open) return;

            if (!_protocol.Authenticated && _age.Elapsed > _sim.Config.AuthTimeout)
            {
                await SendRawAsync(ControlMessages.Error(404, _msgpack), ct);
                await CloseAsync(CloseKind.CloseFrame, WebSocketCloseStatus.PolicyViolation, "auth timeout", ct);
                return;
            }

            if (_sim.Faults.Poll(_faultState) is { } fault && await ApplyFaultAsync(fault, ct)) return;

            if (_protocol.Authenticated)
            {
                var silent = _sim.Faults.IsSilent(_faultState);
                if (await SendFirehoseAsync(silent, ct)) continue;
                if (await SendDueAsync(silent, ct)) return;
                if (!silent) await SendOrderBooksAsync(subscribed, ct);
            }
            await _signal.WaitAsync(TickMilliseconds, ct);
        }
    }

    /// <summary>Returns true when the connection is finished.</summary>
    private async Task<bool> ApplyFaultAsync(SessionFault fault, CancellationToken ct)
    {
        switch (fault.Kind)
        {
            case FaultKind.Drop:
                await CloseAsync(fault.Mode == DropMode.Abort ? CloseKind.Abort : CloseKind.CloseFrame,
                    WebSocketCloseStatus.InternalServerError, "simulated drop", ct);
                return true;
            case FaultKind.Slow:
                await SendRawAsync(ControlMessages.Error(407, _msgpack), ct);
                await CloseAsync(CloseKind.CloseFrame, WebSocketCloseStatus.PolicyViolation, "slow client", ct);
                return true;
            default:
                await SendRawAsync(ControlMessages.Error(fault.Code, _msgpack), ct);
                if (!fault.Close) return false;
                await CloseAsync(CloseKind.CloseFrame, WebSocketCloseStatus.PolicyViolation, ControlMessages.ErrorText(fault.Code), ct);
                return true;
        }
    }

    /// <summary>
    /// Frees the key's connection slot once, as soon as we decide to close, so a reconnect is not refused.
    /// </summary>
    private void ReleaseSlot()
    {
        if (Interlocked.Exchange(ref _connectionKey, null) is { } key) _sim.ReleaseConnection(key, _stream.Path);
    }

    private async Task CloseAsync(CloseKind kind, WebSocketCloseStatus status, string? reason, CancellationToken ct)
    {
        ReleaseSlot();
        if (kind == CloseKind.Abort)
        {
            // Let frames already handed to Kestrel reach the client before the connection is cut.
            await Task.Delay(100, ct);
            _http.Abort();
            return;
        }
        if (_ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await _ws.CloseOutputAsync(status, reason, timeout.Token);
        }
    }

    private Task SendRawAsync(byte[] frame, CancellationToken ct) => SendRawAsync(frame, frame.Length, ct);

    private async Task SendRawAsync(byte[] frame, int length, CancellationToken ct)
    {
        // A client that does not read makes SendAsync block; past the allowed lag it is a slow client and the
        // send is cancelled (which aborts the socket — like Alpaca, 407 is not guaranteed to arrive first).
        _sendTimeout.CancelAfter(_sim.Config.SlowClientLag);
        using (var reg = ct.Register(static s => ((CancellationTokenSource)s!).Cancel(), _sendTimeout))
        {
            await _ws.SendAsync(frame.AsMemory(0, length), _msgpack ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, _sendTimeout.Token);
        }
        if (!_sendTimeout.TryReset()) throw new OperationCanceledException("send timed out");
    }

    /// <summary>Sends everything published since the last tick; true when the client was closed as too slow.</summary>
    private async Task<bool> SendDueAsync(bool silent, CancellationToken ct)
    {
        var from = _cursor;
        var to = _sim.Clock.NowNanos;
        if (to <= from) return false;
        _cursor = to;
        if (silent) return false; // a silent socket: data of this period is never sent

        var lagWall = TimeSpan.FromTicks((long)((to - from) / 100 / _sim.Clock.Speed));
        if (lagWall > _sim.Config.SlowClientLag)
        {
            await SendRawAsync(ControlMessages.Error(407, _msgpack), ct);
            await CloseAsync(CloseKind.CloseFrame, WebSocketCloseStatus.PolicyViolation, "slow client", ct);
            return true;
        }

        var subs = _protocol.Subscriptions;
        if (subs.WildcardMask == ChannelMask.None && subs.ExplicitSymbols.Length == 0) return false;
        var symbols = subs.ExplicitSymbols;
        if (subs.WildcardMask != ChannelMask.None)
        {
            var universe = _stream.IsTest ? [MarketHours.TestSymbol] : _sim.Market.Universe(_stream.Class);
            symbols = symbols.Union(universe).ToArray();
        }

        for (var minute = MarketModel.MinuteOf(from + 1); minute <= MarketModel.MinuteOf(to); minute++)
        {
            foreach (var symbol in symbols)
            {
                if (MarketModel.ClassOf(symbol) != _stream.Class) continue;
                var mask = subs.MaskFor(symbol);
                if (mask == ChannelMask.None) continue;
                var events = _sim.Market.Schedule(symbol, minute, _sim.Truth);
                for (var i = FirstAfter(events, from); i < events.Length && events[i].PublishNanos <= to; i++)
                {
                    var e = events[i];
                    if ((mask & EventKinds.Mask(e.Kind)) == 0) continue;
                    Append(e);
                    if (_frameLength >= FrameFlushBytes) await FlushAsync(ct);
                }
            }
        }
        await FlushAsync(ct);
        return false;
    }

    /// <summary>Order-book snapshots and deltas due now, in a frame of their own (kept in the ground truth).</summary>
    private async Task SendOrderBooksAsync(SubscriptionSet subs, CancellationToken ct)
    {
        if (_stream.Class != AssetClass.Crypto) return;
        var symbols = subs.Symbols("orderbooks");
        if (symbols.Count == 0 && _books.IsEmpty) return;
        var wanted = new HashSet<string>(symbols.Where(s => s != "*"), StringComparer.Ordinal);
        if (symbols.Contains("*")) wanted.UnionWith(_sim.Market.Universe(AssetClass.Crypto));
        var due = _books.Due(wanted, _sim.Clock.NowNanos, Environment.TickCount64);
        if (due.Count == 0) return;
        var messages = due.Select(o => SessionOrderBooks.Encode(o, _msgpack)).ToList();
        byte[] frame;
        if (_msgpack)
        {
            var header = new MsgPackWriter(8);
            header.WriteArrayHeader(messages.Count);
            frame = [.. header.ToArray(), .. messages.SelectMany(m => m)];
        }
        else
        {
            var json = new ArrayBufferWriter<byte>(256 * messages.Count);
            json.Write("["u8);
            for (var i = 0; i < messages.Count; i++)
            {
                if (i > 0) json.Write(","u8);
                json.Write(messages[i]);
            }
            json.Write("]"u8);
            frame = json.WrittenSpan.ToArray();
        }
        await SendRawAsync(frame, ct);
        foreach (var o in due)
        {
            _sim.Truth.RecordOrderBook(o);
            Interlocked.Increment(ref _sim.Truth.CounterFor(o.Symbol, "orderbooks").PublishedCount);
        }
    }

    private static int FirstAfter(SimEvent[] events, long from)
    {
        int lo = 0, hi = events.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (events[mid].PublishNanos <= from) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private void Append(SimEvent e)
    {
        var bytes = _msgpack ? e.MsgPack : e.Json;
        EnsureCapacity(bytes.Length + 8);
        if (_batch.Count == 0) BeginFrame();
        else if (!_msgpack) _frame[_frameLength++] = (byte)',';
        bytes.CopyTo(_frame.AsSpan(_frameLength));
        _frameLength += bytes.Length;
        _batch.Add(e);
    }

    private void BeginFrame()
    {
        _frameLength = 0;
        if (_msgpack)
        {
            _frame[0] = 0xdd; // array32; the count is patched in when the frame is complete
            _frameLength = 5;
        }
        else _frame[_frameLength++] = (byte)'[';
    }

    private void EndFrame(int count)
    {
        EnsureCapacity(1);
        if (_msgpack) BinaryPrimitives.WriteUInt32BigEndian(_frame.AsSpan(1), (uint)count);
        else _frame[_frameLength++] = (byte)']';
    }

    private void EnsureCapacity(int extra)
    {
        if (_frameLength + extra > _frame.Length) Array.Resize(ref _frame, Math.Max(_frame.Length * 2, _frameLength + extra));
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_batch.Count == 0) return;
        var corruption = _sim.Faults.PickCorruption(ref _rng);
        if (_msgpack && corruption is CorruptKinds.Types or CorruptKinds.Fields) corruption = CorruptKinds.Truncated;
        try
        {
            switch (corruption)
            {
                case CorruptKinds.None:
                    EndFrame(_batch.Count);
                    CountPublished();
                    await SendCountedAsync(_frameLength, ct);
                    break;
                case CorruptKinds.Truncated:
                    EndFrame(_batch.Count);
                    CountCorrupted();
                    await SendRawAsync(_frame, Math.Max(1, _frameLength / 2), ct);
                    break;
                case CorruptKinds.Types:
                case CorruptKinds.Fields:
                    var types = corruption == CorruptKinds.Types;
                    RebuildJson(e => EventEncoder.ToCorruptJson(e, corruptTypes: types, extraField: !types));
                    if (types) CountCorrupted(); else CountPublished();
                    await SendCountedAsync(_frameLength, ct, countedAsPublished: !types);
                    break;
                case CorruptKinds.Unknown:
                    // A valid frame plus one message of a type no client knows; real messages stay countable.
                    var extra = UnknownMessage(_batch[0].Symbol);
                    EnsureCapacity(extra.Length + 8);
                    if (!_msgpack) _frame[_frameLength++] = (byte)',';
                    extra.CopyTo(_frame.AsSpan(_frameLength));
                    _frameLength += extra.Length;
                    EndFrame(_batch.Count + 1);
                    CountPublished();
                    _sim.Truth.AddInjectedUnknown(1);
                    await SendCountedAsync(_frameLength, ct);
                    break;
            }
        }
        finally
        {
            _batch.Clear();
            _frameLength = 0;
        }
        if (corruption != CorruptKinds.None) _sim.Truth.AddCorruptedFrame();
    }

    private byte[] UnknownMessage(string symbol)
    {
        if (_msgpack)
        {
            var w = new MsgPackWriter(64);
            w.WriteMapHeader(3);
            w.WriteString("T"); w.WriteString("zz");
            w.WriteString("S"); w.WriteString(symbol);
            w.WriteString("msg"); w.WriteString("unknown message type injected by the simulator");
            return w.ToArray();
        }
        return Encoding.UTF8.GetBytes($"{{\"T\":\"zz\",\"S\":\"{symbol}\",\"msg\":\"unknown message type injected by the simulator\"}}");
    }

    private void RebuildJson(Func<SimEvent, byte[]> encode)
    {
        BeginFrame();
        for (var i = 0; i < _batch.Count; i++)
        {
            var bytes = encode(_batch[i]);
            EnsureCapacity(bytes.Length + 2);
            if (i > 0) _frame[_frameLength++] = (byte)',';
            bytes.CopyTo(_frame.AsSpan(_frameLength));
            _frameLength += bytes.Length;
        }
        EndFrame(_batch.Count);
    }

    /// <summary>
    /// Counted before sending so a client never sees data the truth does not know yet; undone if the send fails.
    /// </summary>
    private async Task SendCountedAsync(int length, CancellationToken ct, bool countedAsPublished = true)
    {
        try
        {
            await SendRawAsync(_frame, length, ct);
        }
        catch
        {
            if (countedAsPublished)
                foreach (var e in _batch) Interlocked.Decrement(ref e.Counter!.PublishedCount);
            throw;
        }
    }

    private void CountPublished()
    {
        foreach (var e in _batch)
        {
            e.Counter ??= _sim.Truth.CounterFor(e.Symbol, EventKinds.Channel(e.Kind));
            Interlocked.Increment(ref e.Counter.PublishedCount);
            if (e.Kind is EventKind.Bar or EventKind.UpdatedBar) _sim.Truth.RecordBar(e.Bar!);
            else if (e.Kind == EventKind.Cancel) _sim.Truth.RecordCancel(e);
        }
    }

    private void CountCorrupted()
    {
        foreach (var e in _batch)
        {
            e.Counter ??= _sim.Truth.CounterFor(e.Symbol, EventKinds.Channel(e.Kind));
            Interlocked.Increment(ref e.Counter.CorruptedCount);
        }
    }

    // ---------------------------------------------------------------- firehose

    /// <summary>
    /// Max-rate trades for firehose symbols this client subscribed to (trades channel). Written straight into the
    /// frame buffer without per-message allocations. Returns false when there is nothing to firehose.
    /// </summary>
    private async Task<bool> SendFirehoseAsync(bool silent, CancellationToken ct)
    {
        var firehose = _sim.FirehoseSymbols;
        if (firehose.Length == 0) return false;
        var subs = _protocol.Subscriptions;
        var any = false;
        foreach (var s in firehose)
            if (MarketModel.ClassOf(s) == _stream.Class && (subs.MaskFor(s) & ChannelMask.Trades) != 0) { any = true; break; }
        if (!any) return false;
        if (silent)
        {
            await Task.Delay(TickMilliseconds, ct);
            return true;
        }

        var now = _sim.Clock.NowNanos;
        var firstId = Interlocked.Add(ref s_firehoseIds, FirehoseBatch) - FirehoseBatch + 1;
        BeginFrame();
        var count = 0;
        foreach (var symbol in firehose)
        {
            if (MarketModel.ClassOf(symbol) != _stream.Class || (subs.MaskFor(symbol) & ChannelMask.Trades) == 0) continue;
            var cls = MarketModel.ClassOf(symbol);
            var price = PriceModel.RoundPrice(_sim.Market.Prices(symbol).FairPrice(now), cls);
            var n = FirehoseBatch / Math.Max(1, firehose.Length);
            for (var i = 0; i < n; i++)
            {
                var size = cls == AssetClass.Crypto ? 0.001m * (1 + (i & 15)) : 1 + (i & 15);
                if (_msgpack) AppendFirehoseMsgPack(symbol, cls, price, size, now + count, firstId + count);
                else AppendFirehoseJson(symbol, cls, price, size, now + count, firstId + count);
                count++;
            }
            Interlocked.Add(ref _sim.Truth.CounterFor(symbol, "trades").PublishedCount, n);
        }
        EndFrame(count);
        await SendRawAsync(_frame, _frameLength, ct);
        _frameLength = 0;
        _cursor = _sim.Clock.NowNanos; // regular market data resumes from now when the firehose stops
        return true;
    }

    private void AppendFirehoseJson(string symbol, AssetClass cls, decimal price, decimal size, long t, long id)
    {
        EnsureCapacity(256);
        if (_frameLength > 1) _frame[_frameLength++] = (byte)',';
        Span<byte> span = _frame.AsSpan(_frameLength);
        var p = 0;
        Write(span, ref p, "{\"T\":\"t\",\"S\":\"");
        Write(span, ref p, symbol);
        if (cls == AssetClass.Equity)
        {
            Write(span, ref p, "\",\"i\":");
            Utf8Formatter.TryFormat(id, span[p..], out var w1); p += w1;
            Write(span, ref p, ",\"x\":\"V\",\"p\":");
        }
        else Write(span, ref p, "\",\"p\":");
        Utf8Formatter.TryFormat(price, span[p..], out var w2); p += w2;
        Write(span, ref p, ",\"s\":");
        Utf8Formatter.TryFormat(size, span[p..], out var w3); p += w3;
        if (cls == AssetClass.Equity) Write(span, ref p, ",\"c\":[\"@\"],\"z\":\"C\"");
        Write(span, ref p, ",\"t\":\"");
        Span<char> chars = stackalloc char[40];
        new NanoTimestamp(t).TryFormat(chars, out var cn);
        for (var i = 0; i < cn; i++) span[p++] = (byte)chars[i];
        Write(span, ref p, "\"");
        if (cls == AssetClass.Crypto)
        {
            Write(span, ref p, ",\"i\":");
            Utf8Formatter.TryFormat(id, span[p..], out var w4); p += w4;
            Write(span, ref p, ",\"tks\":\"B\"");
        }
        Write(span, ref p, "}");
        _frameLength += p;
    }

    private static void Write(Span<byte> span, ref int p, string ascii)
    {
        for (var i = 0; i < ascii.Length; i++) span[p + i] = (byte)ascii[i];
        p += ascii.Length;
    }

    private void AppendFirehoseMsgPack(string symbol, AssetClass cls, decimal price, decimal size, long t, long id)
    {
        var w = _firehoseWriter;
        w.Reset();
        var equity = cls == AssetClass.Equity;
        w.WriteMapHeader(equity ? 9 : 7);
        w.WriteString("T"); w.WriteString("t");
        w.WriteString("S"); w.WriteString(symbol);
        w.WriteString("i"); w.WriteInt(id);
        if (equity) { w.WriteString("x"); w.WriteString("V"); }
        w.WriteString("p"); w.WriteDouble((double)price);
        w.WriteString("s"); if (equity) w.WriteInt((long)size); else w.WriteDouble((double)size);
        if (equity) { w.WriteString("c"); w.WriteArrayHeader(1); w.WriteString("@"); w.WriteString("z"); w.WriteString("C"); }
        w.WriteString("t"); w.WriteTimestamp(t);
        if (!equity) { w.WriteString("tks"); w.WriteString("B"); }
        EnsureCapacity(w.Length);
        w.CopyTo(_frame.AsSpan(_frameLength));
        _frameLength += w.Length;
    }
}
