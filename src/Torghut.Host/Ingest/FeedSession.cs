using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest;

/// <summary>
/// One lane's venue session: connect → <c>connected</c> → auth (≤ AuthTimeout) → subscribe in chunks → verify the
/// echo per channel and symbol → stream. Every frame is decoded by the lane's plugin, turned into envelopes and
/// published before the next frame is read, so stopping loses nothing already received. Any close, error or silence
/// ends the connection; the next one waits per <see cref="RetryKind"/> (backoff, slow retry for configuration
/// errors, a floor for 406). Reconnect policy lives here, for every venue; plugins only classify errors
/// (docs/adr/0060-sans-io-plugin-contract.md).
/// </summary>
public sealed partial class FeedSession
{
    private const int MaxFrameBytes = 16 * 1024 * 1024;

    private readonly string _lane;
    /// <summary>
    /// A session error class for readiness and the status API: the venue family (the plugin's manifest, e.g.
    /// <c>alpaca</c>) and a venue-neutral kind, so upstream's <c>alpaca_auth</c> comes from the plugin, not the host.
    /// </summary>
    private string Class(string kind) => $"{_venue}_{kind}";

    private readonly string _venue;

    private readonly IFeedEndpoint _feed;
    private readonly VenueCredentials _credentials;
    private readonly IRecordPublisher _publisher;
    private readonly SessionOptions _options;
    private readonly ILogger _logger;
    private readonly SubscriptionTracker _tracker;
    private readonly FrameSink _sink;
    private readonly ReconnectBackoff _backoff;
    private readonly object _gate = new();

    private Channel<string>? _outbox;
    private SessionState _state = SessionState.Stopped;
    private string? _problem;
    private string? _errorClass;
    private long _reconnects;
    private long _decodeErrors;
    private readonly Dictionary<string, long> _decodeErrorsByReason = new(StringComparer.Ordinal);
    private bool _authenticated;
    private DateTime _connectedAt;
    private DateTime _lastFrameAt;
    private DateTime _lastAckAt;
    private DateTime _heartbeat = DateTime.UtcNow; // see SessionSnapshot.Heartbeat
    private int _resubscribeAttempts;
    private SessionEndException? _watchdogReason;
    private bool _readyThisConnection;
    private volatile bool _awaitingData;

    public FeedSession(string lane, IFeedEndpoint feed, VenueCredentials credentials, IRecordPublisher publisher,
        EnvelopeWriter envelopes, SessionOptions options, IReadOnlyList<string> symbols, ILogger logger,
        LagObserver? observeLag = null, Repair.LaneRepair? repair = null, OrderBooks.OrderBookSet? books = null)
    {
        _lane = lane;
        _feed = feed;
        _credentials = credentials;
        _publisher = publisher;
        _options = options;
        _logger = logger;
        _tracker = new SubscriptionTracker(feed.Channels);
        _tracker.SetDesired(symbols);
        _venue = envelopes.Venue;
        _sink = new FrameSink(envelopes)
        {
            ObserveLag = observeLag, Ledger = repair?.Bars, PublishedTrades = repair?.Trades, PublishedQuotes = repair?.Quotes,
            OnDuplicate = repair is null ? null : repair.LiveDuplicate, Books = books,
        };
        _backoff = new ReconnectBackoff(options.ReconnectBase, options.ReconnectMax);
    }

    /// <summary>Called once per connection when every symbol the venue accepts is subscribed (holes are measured from here).</summary>
    public Func<Task>? OnReady { get; init; }

    /// <summary>Called when a subscribed socket speaks again after <see cref="SessionOptions.SilenceRepairAfter"/> of
    /// silence, before its frame is decoded: the venue may have skipped what it had during the silence.</summary>
    public Action? OnSilenceEnded { get; init; }

    /// <summary>Called once per connection when the first data frame arrives after it became ready.</summary>
    public Action? OnDataAfterReady { get; init; }

    /// <summary>How long a frame being published may still wait for buffer room once the session is stopped (asked then).</summary>
    public Func<TimeSpan> StopGrace { get; init; } = () => TimeSpan.FromSeconds(10);

    public long Reconnects => Interlocked.Read(ref _reconnects);

    public SessionSnapshot Snapshot()
    {
        lock (_gate)
        {
            var ready = _state == SessionState.Subscribed;
            var acked = _tracker.Acked;
            return new SessionSnapshot(_state, ready, _problem, _errorClass, _reconnects, _decodeErrors, _sink.Messages,
                acked, _tracker.Missing(), new Dictionary<string, string>(_tracker.Rejected),
                _sink.LastEvent, _sink.PerChannel, // each read builds a fresh dictionary
                new Dictionary<string, long>(_decodeErrorsByReason), _sink.Pairs.Snapshot(acked.Values.SelectMany(v => v).Distinct()))
            { Heartbeat = _heartbeat, MessagesByType = _sink.MessagesByType() };
        }
    }

    /// <summary>Applies a new universe as a diff (unsubscribe removed, subscribe added) without reconnecting.</summary>
    public void SetSymbols(IReadOnlyList<string> symbols)
    {
        lock (_gate)
        {
            var (added, removed) = _tracker.SetDesired(symbols);
            if (added.Count == 0 && removed.Count == 0) return;
            _sink.Pairs.Forget(removed);
            _sink.Books?.Forget(removed);
            _logger.LogInformation("lane {Lane} universe changed: +{Added} -{Removed}", _lane, string.Join(",", added), string.Join(",", removed));
            if (!_authenticated || _outbox is null) return; // the next connection subscribes the whole set
            if (removed.Count > 0) UnsubscribeLocked(removed); // first: it may make room for what follows
            // A new universe may fit where the old one did not: refused symbols are tried again with the additions.
            _limitReached = false;
            var again = _tracker.ClearRefused();
            var wanted = added.Concat(again).Distinct().ToList();
            if (wanted.Count > 0) SubscribeLocked(wanted);
            else if (_tracker.FullySubscribed) SetState(SessionState.Subscribed, null, null);
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TimeSpan delay;
            try
            {
                await ConnectOnceAsync(stopping);
                continue;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (SessionEndException end)
            {
                delay = end.Retry switch
                {
                    RetryKind.ConfigError => _options.ConfigErrorRetry,
                    RetryKind.ConnectionLimit => Max(_backoff.Next(), _options.ConnectionLimitRetry),
                    _ => _backoff.Next(),
                };
                var degraded = end.Retry == RetryKind.ConfigError;
                lock (_gate) SetState(degraded ? SessionState.Degraded : SessionState.Backoff, end.Message, end.ErrorClass);
                if (degraded) _logger.LogError("lane {Lane}: {Reason}; retrying in {Delay}", _lane, end.Message, delay);
                else _logger.LogWarning("lane {Lane}: {Reason}; reconnecting in {Delay}", _lane, end.Message, delay);
            }
            catch (Exception e) when (e is WebSocketException or IOException or InvalidOperationException)
            {
                delay = _backoff.Next();
                lock (_gate) SetState(SessionState.Backoff, $"connection lost: {e.Message}", Class("transport"));
                _logger.LogWarning("lane {Lane}: connection lost ({Error}); reconnecting in {Delay}", _lane, e.Message, delay);
            }
            Interlocked.Increment(ref _reconnects);
            lock (_gate) _heartbeat = DateTime.UtcNow + delay; // waiting is progress: the next beat is due when the wait ends
            try { await Task.Delay(delay, stopping); }
            catch (OperationCanceledException) { break; }
        }
        lock (_gate) SetState(SessionState.Stopped, null, null);
    }

    private async Task ConnectOnceAsync(CancellationToken stopping)
    {
        lock (_gate)
        {
            _tracker.ResetConnection(); // also forgets refusals: every connection subscribes the whole universe again
            _limitReached = false;
            _authenticated = false;
            _resubscribeAttempts = 0;
            _watchdogReason = null;
            _readyThisConnection = false;
            _awaitingData = false;
            // Deltas of the old connection are gone: each book waits for the snapshot the new subscription brings.
            _sink.Books?.AwaitSnapshots();
            _heartbeat = DateTime.UtcNow + _options.ConnectTimeout; // connecting may take that long; the watchdog beats after
            SetState(SessionState.Connecting, _problem, _errorClass);
        }
        using var ws = new ClientWebSocket();
        ws.Options.KeepAliveInterval = _options.PingInterval;
        ws.Options.KeepAliveTimeout = _options.PingInterval; // ping, and treat a missing pong as a dead link
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            connectTimeout.CancelAfter(_options.ConnectTimeout);
            try { await ws.ConnectAsync(_feed.StreamUri, connectTimeout.Token); }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                throw new SessionEndException($"connect to {_feed.StreamUri} timed out", Class("connect"), RetryKind.Backoff);
            }
            catch (WebSocketException e)
            {
                throw new SessionEndException($"connect to {_feed.StreamUri} failed: {e.Message}", Class("connect"), RetryKind.Backoff);
            }
        }

        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            _outbox = outbox;
            _connectedAt = _lastFrameAt = DateTime.UtcNow;
        }
        var sender = SendLoopAsync(ws, outbox.Reader, connection.Token);
        var watchdog = WatchdogAsync(ws, connection.Token);
        try
        {
            await ReceiveLoopAsync(ws, stopping, connection.Token);
        }
        catch (Exception e) when (_watchdogReason is not null && e is WebSocketException or OperationCanceledException or IOException)
        {
            throw _watchdogReason;
        }
        finally
        {
            lock (_gate) _outbox = null;
            outbox.Writer.TryComplete();
            await connection.CancelAsync();
            await Task.WhenAll(sender, watchdog).ContinueWith(_ => { }, TaskScheduler.Default);
            if (ws.State == WebSocketState.Open)
            {
                using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try { await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "torghut lane stopping", closeTimeout.Token); }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException) { }
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
