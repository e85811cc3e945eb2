using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;

namespace Torghut.Host.Ingest;

public sealed partial class FeedSession
{
    private async Task ReceiveLoopAsync(ClientWebSocket ws, CancellationToken stopping, CancellationToken connection)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (buffer.Length >= MaxFrameBytes)
                        throw new SessionEndException($"frame larger than {MaxFrameBytes} bytes", Class("protocol"), RetryKind.Backoff);
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, count).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var result = await ws.ReceiveAsync(buffer.AsMemory(count), connection);
                if (result.MessageType == WebSocketMessageType.Close)
                    throw new SessionEndException($"venue closed the connection ({(int?)ws.CloseStatus} {ws.CloseStatusDescription})".TrimEnd(),
                        Class("closed"), RetryKind.Backoff);
                count += result.Count;
                if (!result.EndOfMessage) continue;
                bool silenceEnded;
                lock (_gate)
                {
                    var now = DateTime.UtcNow;
                    silenceEnded = _state == SessionState.Subscribed && now - _lastFrameAt > _options.SilenceRepairAfter;
                    _lastFrameAt = now;
                }
                // Before this frame's events join the record, so the hole starts where the record ended.
                if (silenceEnded) OnSilenceEnded?.Invoke();
                DecodeFrame(buffer.AsSpan(0, count));
                if (_awaitingData && _sink.Records.Count > 0)
                {
                    // The stream flows: a repair fetched from now on leaves no gap before what the stream delivers.
                    _awaitingData = false;
                    OnDataAfterReady?.Invoke();
                }
                count = 0;
                await PublishFrameAsync(stopping);
                await HandleControlsAsync();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void DecodeFrame(ReadOnlySpan<byte> frame)
    {
        lock (_gate)
        {
            _sink.Clear();
            _feed.Decode(frame, _sink);
            _sink.EndFrame();
            foreach (var line in _sink.Tally.TakeFirstSeen())
                _logger.LogInformation("lane {Lane}: first venue message of {What}; counted in torghut_ws_messages_total", _lane, line);
            if (_sink.Errors.Count == 0) return;
            _decodeErrors += _sink.Errors.Count;
            foreach (var error in _sink.Errors)
            {
                var reason = DecodeErrorReason.Classify(error);
                _decodeErrorsByReason[reason] = _decodeErrorsByReason.GetValueOrDefault(reason) + 1;
            }
            foreach (var error in _sink.Errors.Take(3))
                _logger.LogWarning("lane {Lane}: decode error at element {Index} (type {Type}): {Reason}", _lane, error.Index, error.MessageType, error.Reason);
        }
    }

    /// <summary>
    /// Publishes the frame's envelopes before the next frame is read. If the publisher's buffer is full this waits
    /// (backpressure); on stop it still gets a grace period so received data is drained, not dropped.
    /// </summary>
    private async Task PublishFrameAsync(CancellationToken stopping)
    {
        if (_sink.Records.Count == 0) return;
        using var drain = new CancellationTokenSource();
        await using var onStop = stopping.Register(() => drain.CancelAfter(StopGrace()));
        foreach (var record in _sink.Records) await _publisher.PublishAsync(record, drain.Token);
    }

    private Task HandleControlsAsync()
    {
        if (_sink.Controls.Count == 0) return Task.CompletedTask;
        Func<Task>? ready = null;
        lock (_gate)
        {
            foreach (var control in _sink.Controls)
            {
                switch (control.Kind)
                {
                    case ControlKind.Connected:
                        SetState(SessionState.Connected, _problem, _errorClass);
                        Enqueue([_feed.BuildAuthMessage(_credentials)]);
                        break;
                    case ControlKind.Authenticated:
                        _authenticated = true;
                        SetState(SessionState.Authenticated, _problem, _errorClass);
                        var wanted = _tracker.Desired.Where(s => !_tracker.Rejected.ContainsKey(s)).Order(StringComparer.Ordinal).ToList();
                        if (wanted.Count > 0) SubscribeLocked(wanted);
                        else if (MarkReadyLocked()) ready = OnReady;
                        break;
                    case ControlKind.SubscriptionAck:
                        _tracker.Answered();
                        _tracker.OnAck(control.Subscriptions ?? new Dictionary<string, IReadOnlyList<string>>());
                        _lastAckAt = DateTime.UtcNow;
                        var extra = _tracker.Extra();
                        if (extra.Count > 0) UnsubscribeLocked(extra);
                        if (_tracker.Missing().Count == 0 && MarkReadyLocked())
                            ready = OnReady;
                        break;
                    case ControlKind.Error:
                        HandleErrorLocked(control);
                        break;
                }
            }
        }
        return ready is null ? Task.CompletedTask : RunOnReadyAsync(ready);
    }

    private async Task RunOnReadyAsync(Func<Task> ready)
    {
        try { await ready(); }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "lane {Lane}: on-ready action failed", _lane);
        }
    }

    /// <summary>True the first time this connection becomes fully subscribed.</summary>
    /// <summary>True the first time in this connection that every symbol the venue accepts is subscribed (the
    /// streaming set is complete, whether or not some were refused): the moment holes are measured from.</summary>
    private bool MarkReadyLocked()
    {
        var wasReady = _state == SessionState.Subscribed;
        var first = !_readyThisConnection;
        _readyThisConnection = true;
        _awaitingData = _awaitingData || first;
        if (_tracker.Rejected.Count > 0)
        {
            SetState(SessionState.Degraded, RefusedProblem(), _tracker.Rejected.Values.Contains(SubscriptionTracker.SymbolLimitReason)
                ? Class("symbol_limit") : Class("subscription"));
            return first;
        }
        SetState(SessionState.Subscribed, null, null);
        _backoff.Reset();
        _resubscribeAttempts = 0;
        if (!wasReady) _logger.LogInformation("lane {Lane} subscribed: {Count} symbols on {Channels}", _lane, _tracker.Desired.Count, string.Join(",", _tracker.Channels));
        return first;
    }

    /// <summary>Acts on a venue error as Alpaca means it (docs/venue-errors.md; ADR 0014).</summary>
    private void HandleErrorLocked(ControlMessage error)
    {
        var text = $"venue error {error.ErrorCode} {error.Message}".Trim();
        switch (error.ErrorKind)
        {
            case VenueErrorKind.AlreadyAuthenticated:
                _logger.LogWarning("lane {Lane}: {Error}: harmless, ignored", _lane, text);
                return;
            case VenueErrorKind.SymbolLimitExceeded:
                if (!RefusedLocked(text, SubscriptionTracker.SymbolLimitReason))
                    _logger.LogError("lane {Lane}: {Error} with no subscribe in flight; ignored", _lane, text);
                return;
            case VenueErrorKind.InvalidSyntax:
                if (RefusedLocked(text, SubscriptionTracker.InvalidSymbolReason)) return;
                // Not the answer to a subscribe: nothing to take out. A streaming lane (fully or partly) carries on; one
                // still waiting for its subscription would wait for the idle timeout, so it reconnects now.
                if (_state is SessionState.Subscribed or SessionState.Degraded)
                {
                    _logger.LogError("lane {Lane}: {Error} (no subscribe in flight); still streaming, ignored", _lane, text);
                    return;
                }
                throw new SessionEndException($"{text} while not subscribed; reconnecting", Class("invalid_syntax"), RetryKind.Backoff);
            case VenueErrorKind.AuthFailed:
            case VenueErrorKind.InsufficientSubscription:
            case VenueErrorKind.InvalidSubscribeAction:
            case VenueErrorKind.FeedNotEnabled:
            case VenueErrorKind.InsufficientScope:
                throw new SessionEndException($"{text}: configuration problem (credentials, plan, scope or channels)", Class("auth"), RetryKind.ConfigError);
            case VenueErrorKind.ConnectionLimitExceeded:
                throw new SessionEndException($"{text}: another connection holds this key", Class("406_second_connection"), RetryKind.ConnectionLimit);
            default:
                throw new SessionEndException(text, error.ErrorKind switch
                {
                    VenueErrorKind.SlowClient => Class("slow_client"),
                    VenueErrorKind.AuthTimeout or VenueErrorKind.NotAuthenticated => Class("auth_timeout"),
                    VenueErrorKind.Internal => Class("internal"),
                    _ => "unknown",
                }, RetryKind.Backoff);
        }
    }

    private void Enqueue(IReadOnlyList<string> messages)
    {
        foreach (var m in messages) _outbox?.Writer.TryWrite(m);
    }

    private void SetState(SessionState state, string? problem, string? errorClass)
    {
        _state = state;
        _problem = problem;
        _errorClass = errorClass;
    }

    private static async Task SendLoopAsync(ClientWebSocket ws, ChannelReader<string> outbox, CancellationToken connection)
    {
        try
        {
            await foreach (var message in outbox.ReadAllAsync(connection))
                await ws.SendAsync(System.Text.Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, connection);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or IOException) { }
    }

    /// <summary>Ends a connection that never authenticates or goes silent; re-requests symbols missing from the echo.</summary>
    private async Task WatchdogAsync(ClientWebSocket ws, CancellationToken connection)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(connection))
            {
                lock (_gate)
                {
                    var now = DateTime.UtcNow;
                    _heartbeat = now; // ticks only while the receive loop does not hold the lock forever
                    if (!_authenticated && now - _connectedAt > _options.AuthTimeout)
                        _watchdogReason = new SessionEndException($"not authenticated within {_options.AuthTimeout.TotalSeconds:0.#} s", Class("auth_timeout"), RetryKind.Backoff);
                    else if (now - _lastFrameAt > _options.ReadIdleTimeout)
                        _watchdogReason = new SessionEndException($"no data for {_options.ReadIdleTimeout.TotalSeconds:0.#} s (read-idle timeout)", Class("idle"), RetryKind.Backoff);
                    else if (_tracker.HasAck && now - _lastAckAt > _options.ResubscribeDelay && _state != SessionState.Subscribed
                             && !_tracker.SubscribeInFlight)
                        RetryMissingLocked();
                    if (_watchdogReason is null && _tracker.Rejected.Count > 0 && now - _refusedAt > _options.RefusedRetry
                        && !_tracker.SubscribeInFlight)
                        RetryRefusedLocked($"{_options.RefusedRetry.TotalSeconds:0.#} s passed");
                    if (_watchdogReason is not null)
                    {
                        ws.Abort();
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) { }
    }

    private void RetryMissingLocked()
    {
        var missing = _tracker.Missing();
        if (missing.Count == 0) return;
        if (_resubscribeAttempts >= _options.MaxResubscribeAttempts)
        {
            if (_state != SessionState.Degraded)
            {
                SetState(SessionState.Degraded, $"missing from the subscription echo after {_resubscribeAttempts} retries: {string.Join(",", missing)}", Class("subscription"));
                _logger.LogError("lane {Lane}: {Problem}", _lane, _problem);
            }
            return;
        }
        _resubscribeAttempts++;
        _lastAckAt = DateTime.UtcNow;
        _logger.LogWarning("lane {Lane}: {Missing} missing from the subscription echo; re-subscribing (attempt {Attempt})", _lane, string.Join(",", missing), _resubscribeAttempts);
        SubscribeLocked(missing);
    }
}
