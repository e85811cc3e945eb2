using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Gateway;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;
using Torghut.Host.Transport.InProcess;
using Torghut.Tests.Support;

namespace Torghut.Tests.Gateway;

/// <summary>
/// The gateway over the embedded (in-process) transport, as `run` wires it, with an ingest side the test drives: it
/// publishes envelopes with the lanes' own <see cref="EnvelopeWriter"/>, so clients see what a lane would publish.
/// </summary>
internal sealed class GatewayHarness : IAsyncDisposable
{
    public const string Key = "local-key", Secret = "local-secret";
    private readonly CancellationTokenSource _stop;
    private readonly WebApplication _app;
    private readonly Task _feed;
    private readonly IRecordSubscriber _subscriber;

    private GatewayHarness(CancellationTokenSource stop, WebApplication app, Task feed, IRecordSubscriber subscriber, InProcessTransport transport, string url,
        GatewayStats stats)
    {
        _stop = stop;
        _app = app;
        _feed = feed;
        _subscriber = subscriber;
        Transport = transport;
        Url = url;
        Stats = stats;
        Publisher = transport.CreatePublisher();
        Envelopes = new EnvelopeWriter("alpaca", Topics, new SequenceClock());
    }

    public static readonly TopicMap Topics = TopicMap.From(new ConfigurationBuilder().Build());
    public InProcessTransport Transport { get; }
    public IRecordPublisher Publisher { get; }
    public EnvelopeWriter Envelopes { get; }
    public GatewayStats Stats { get; }
    public string Url { get; }

    /// <summary>The gateway's REST base, e.g. for the history call.</summary>
    public string HttpUrl => Url.Replace("ws://", "http://");

    public static async Task<GatewayHarness> StartAsync(int clientQueue = 10_000, int sendTimeoutMs = 3000)
    {
        var port = HostProcess.FreePort();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [GatewaySettings.UrlKey] = $"http://127.0.0.1:{port}",
            [GatewaySettings.KeysKey] = $"{Key}:{Secret},other:other-secret",
            [GatewaySettings.QueueKey] = clientQueue.ToString(),
            [GatewaySettings.SendTimeoutKey] = sendTimeoutMs.ToString(),
            ["SYMBOLS_CRYPTO"] = "BTC/USD,ETH/USD,SOL/USD",
            ["SYMBOLS_EQUITY"] = "AAPL,MSFT",
        }).Build();
        var options = GatewayOptions.From(configuration);
        var settings = options.Settings!;
        var transport = new InProcessTransport();
        var subscriber = GatewayService.CreateSubscriber(options.Kafka, transport, NullLoggerFactory.Instance);
        var stats = new GatewayStats();
        var feed = new GatewayFeed(subscriber, [.. Topics.All, Topics.Corrections], stats, NullLogger.Instance);
        var universe = new GatewayUniverse(new NoLanes(), options);
        var history = new GatewayHistory(transport.Reader, Topics.Bars, settings, universe.Symbols);
        var app = GatewayService.BuildApp(settings, feed, universe, history, stats, NullLoggerFactory.Instance);
        await app.StartAsync();
        var stop = new CancellationTokenSource();
        return new GatewayHarness(stop, app, Task.Run(() => feed.RunAsync(stop.Token)), subscriber, transport, $"ws://127.0.0.1:{port}", stats);
    }

    public Task PublishAsync(TransportRecord record) => Publisher.PublishAsync(record).AsTask();

    public Task TradeAsync(string symbol, double price, double size, long id, NanoTimestamp time) =>
        PublishAsync(Envelopes.Trade(new Trade(symbol, price, size, time, TradeId: id)));

    /// <summary>A JSON client connected and authenticated, its greeting and auth reply already read.</summary>
    public async Task<TestClient> ConnectAsync(string path = "/v1beta3/crypto/us", bool authenticate = true)
    {
        var client = new TestClient();
        await ((ClientWebSocket)client.Socket).ConnectAsync(new Uri(Url + path), CancellationToken.None);
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"success","msg":"connected"}]""");
        if (authenticate)
        {
            await client.SendAsync(new { action = "auth", key = Key, secret = Secret });
            (await client.ReceiveAsync()).ShouldBe("""[{"T":"success","msg":"authenticated"}]""");
        }
        return client;
    }

    /// <summary>
    /// A websocket over a raw socket with a hand-written handshake: for headers ClientWebSocket drops (Content-Type)
    /// and for a small receive buffer.
    /// </summary>
    public async Task<WebSocket> RawConnectAsync(string extraHeaders = "", int? receiveBuffer = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBuffer is { } size) socket.ReceiveBufferSize = size;
        var uri = new Uri(Url);
        await socket.ConnectAsync(IPAddress.Loopback, uri.Port);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var request = $"GET /v1beta3/crypto/us HTTP/1.1\r\nHost: 127.0.0.1:{uri.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            (await stream.ReadAsync(one)).ShouldBe(1, "handshake answer");
            head.Add(one[0]);
        }
        Encoding.ASCII.GetString(head.ToArray()).ShouldStartWith("HTTP/1.1 101");
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
    }

    /// <summary>
    /// A JSON client with a 4 KiB receive buffer, authenticated and subscribed to BTC/USD trades, that reads nothing
    /// more until the test says so: the server's sends back up into its own socket buffer quickly.
    /// </summary>
    public async Task<WebSocket> ConnectNonReadingClientAsync()
    {
        var ws = await RawConnectAsync(receiveBuffer: 4096);
        var client = new TestClient(ws);
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"success","msg":"connected"}]""");
        await client.SendAsync(new { action = "auth", key = Key, secret = Secret });
        (await client.ReceiveAsync()).ShouldBe("""[{"T":"success","msg":"authenticated"}]""");
        await client.SendAsync(new { action = "subscribe", trades = new[] { "BTC/USD" } });
        (await client.ReceiveAsync())!.ShouldStartWith("""[{"T":"subscription","trades":["BTC/USD"]""");
        return ws;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        try { await _feed.WaitAsync(TimeSpan.FromSeconds(5)); } catch (OperationCanceledException) { }
        await _subscriber.DisposeAsync();
    }

    private sealed class NoLanes : ILaneSupervisor
    {
        public IReadOnlyList<LaneState> States => [];
        public Task ReconcileAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}

/// <summary>A JSON websocket client of the gateway.</summary>
internal sealed class TestClient(WebSocket socket) : IDisposable
{
    public TestClient() : this(new ClientWebSocket())
    {
    }

    public WebSocket Socket { get; } = socket;

    public Task SendAsync(object request) =>
        Socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next frame as text; null when the server closed.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await Socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    /// <summary>Data messages until <paramref name="count"/> have arrived (frames may batch several).</summary>
    public async Task<List<JsonElement>> ReceiveMessagesAsync(int count, TimeSpan? timeout = null)
    {
        var messages = new List<JsonElement>();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (messages.Count < count)
        {
            var frame = await ReceiveAsync(deadline - DateTime.UtcNow) ?? throw new InvalidOperationException("closed by the server");
            messages.AddRange(JsonDocument.Parse(frame).RootElement.EnumerateArray().Select(e => e.Clone()));
        }
        return messages;
    }

    public void Dispose() => Socket.Dispose();
}
