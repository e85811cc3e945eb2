using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Gateway;
using Torghut.Host.Ingest;
using Torghut.Host.Lanes;
using Torghut.Host.Transport.InProcess;
using Torghut.Host.Transport;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>gateway</c>: 100 concurrent clients on the Alpaca gateway over the embedded transport, all subscribed to the same
/// trades. Throughput: messages per second delivered to all of them together, with the publisher kept at most a window
/// ahead of the slowest client (so nobody becomes a 407 slow client). Latency: at a paced rate, ingest
/// acknowledgement (the in-process publish returning) → the message read by a client, every message at every client.
/// Baseline: bare Kestrel websockets sending the gateway's own frame to 100 clients as fast as they take it.
/// </summary>
public static class GatewayBenchmark
{
    private const int Clients = 100, Window = 4000, Batch = 200;
    private const double PacedPerSecond = 1000;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2), Measured = TimeSpan.FromSeconds(6), Paced = TimeSpan.FromSeconds(6);
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD"];

    public static string Notes =>
        $"- gateway: `GatewayFeed` + `GatewaySession`s as `run` wires them, over the in-process transport; {Clients} JSON clients\n" +
        $"  (`ClientWebSocket`, counting `\"T\":` markers, no JSON parsing) subscribed to trades of {string.Join(", ", Symbols)}, so every\n" +
        $"  message goes to every client. Throughput: trades published through `EnvelopeWriter` in batches of {Batch}, never more\n" +
        $"  than {Window:N0} ahead of the slowest client (under the {GatewaySettings.QueueKey} default, so no client is dropped);\n" +
        $"  {WarMupText}, rate = messages received by all clients / time. Latency: {PacedPerSecond:N0} trades/s paced for\n" +
        $"  {Paced.TotalSeconds:F0} s; each client reads the trade id of every message and takes now − the time that id was handed to\n" +
        "  `PublishAsync` (which on the embedded transport appends and returns at once: the ingest acknowledgement), so the number is\n" +
        "  what the gateway adds beyond the ingest ack\n" +
        "  (decode, fan-out, queue, frame, socket, the client's read). Baseline: bare Kestrel websockets sending a frame captured\n" +
        "  from the gateway in the same run to 100 clients as fast as they take it. Server and clients share the 2 cores.\n";

    private static string WarMupText => $"{WarmUp.TotalSeconds:F0} s warm-up, {Measured.TotalSeconds:F0} s measured";

    public static async Task<List<BenchResult>> RunAsync(TextWriter log)
    {
        var port = FreePort();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [GatewaySettings.UrlKey] = $"http://127.0.0.1:{port}",
            [GatewaySettings.KeysKey] = "bench:bench-secret",
            ["SYMBOLS_CRYPTO"] = string.Join(",", Symbols),
        }).Build();
        var options = GatewayOptions.From(configuration);
        var settings = options.Settings!;
        var transport = new InProcessTransport(retentionPerPartition: 20_000);
        await using var subscriber = GatewayService.CreateSubscriber(options.Kafka, transport, NullLoggerFactory.Instance);
        var stats = new GatewayStats();
        var topics = TopicMap.From(configuration);
        var feed = new GatewayFeed(subscriber, [.. topics.All, topics.Corrections], stats, NullLogger.Instance);
        var universe = new GatewayUniverse(new NoLanes(), options);
        await using var app = GatewayService.BuildApp(settings, feed, universe, new GatewayHistory(transport.Reader, topics.Bars, settings, universe.Symbols),
            stats, NullLoggerFactory.Instance);
        await app.StartAsync();
        using var stop = new CancellationTokenSource();
        var feedTask = Task.Run(() => feed.RunAsync(stop.Token));

        var clients = new List<GatewayClient>();
        for (var i = 0; i < Clients; i++) clients.Add(await GatewayClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/v1beta3/crypto/us"), Symbols));
        var receiving = clients.Select(c => Task.Run(() => c.ReceiveLoopAsync(stop.Token))).ToList();
        await using var publisher = transport.CreatePublisher();
        var writer = new EnvelopeWriter("alpaca", topics, new SequenceClock());
        long nextId = 0;
        // Per id, when it was handed to the transport. The embedded transport's PublishAsync appends and returns at
        // once
        // (acknowledged), so taking the time just before it can only overstate the gateway's share, never hide it.
        var ackedAt = new long[1 << 23];

        async Task PublishAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var id = nextId++;
                var record = writer.Trade(new Trade(Symbols[id % Symbols.Length], 67_000 + id % 100, 0.001, NanoTimestamp.Now, TradeId: id));
                Volatile.Write(ref ackedAt[id], Stopwatch.GetTimestamp());
                await publisher.PublishAsync(record);
            }
        }

        // Throughput: windowed so that the slowest client is never more than Window behind.
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed < WarmUp) await Step();
        var startReceived = clients.Sum(c => c.Received);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Measured) await Step();
        var seconds = clock.Elapsed.TotalSeconds;
        var delivered = clients.Sum(c => c.Received) - startReceived;
        var rate = delivered / seconds;
        log.WriteLine($"  gateway: {delivered:N0} messages to {Clients} clients in {seconds:F2} s = {rate:N0} msg/s; slow clients {stats.SlowClients}");
        var frame = clients[0].LastFrame ?? throw new InvalidOperationException("no frame captured");

        async Task Step()
        {
            await PublishAsync(Batch);
            while (nextId - clients.Min(c => c.Received) > Window) await Task.Delay(1);
        }

        // Latency: paced, every message at every client.
        await Task.Delay(500); // let the clients drain the throughput phase
        foreach (var c in clients) c.StartLatency(nextId, ackedAt);
        var paced = Stopwatch.StartNew();
        var pacedStart = nextId;
        while (paced.Elapsed < Paced)
        {
            var due = pacedStart + (long)(paced.Elapsed.TotalSeconds * PacedPerSecond);
            if (nextId < due) await PublishAsync((int)(due - nextId));
            await Task.Delay(1);
        }
        await Task.Delay(1000);
        var latencies = clients.SelectMany(c => c.Latencies).Order().ToArray();
        var expected = (nextId - pacedStart) * Clients;
        var (p50, p99) = (Ms(latencies, 0.5), Ms(latencies, 0.99));
        log.WriteLine($"  latency: {latencies.Length:N0} of {expected:N0} messages timed; p50 {p50:F2} ms, p99 {p99:F2} ms; slow clients {stats.SlowClients}");
        var pacedRate = latencies.Length / Paced.TotalSeconds;

        await stop.CancelAsync();
        foreach (var c in clients) c.Dispose();
        try { await Task.WhenAll(receiving.Append(feedTask)); } catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        using (var t = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await app.StopAsync(t.Token);

        var baseline = await BaselineAsync(frame, log);
        if (stats.SlowClients != 0) throw new InvalidOperationException($"{stats.SlowClients} clients were dropped as slow: the measurement is invalid");
        return
        [
            new BenchResult($"gateway ({Clients} clients, same trades to all)", $"transport → GatewayFeed → {Clients} GatewaySessions → clients",
                rate, $"bare Kestrel websockets, {Clients} clients, the gateway's {frame.Length:N0} B frame", baseline,
                "≥ 25 % of the bare broadcast", rate >= 0.25 * baseline),
            new BenchResult($"gateway latency ({PacedPerSecond:N0} trades/s × {Clients} clients)",
                $"ingest ack → client read: p50 {p50:F2} ms, p99 {p99:F2} ms ({latencies.Length:N0} of {expected:N0} timed)", pacedRate,
                "none", 0, "p99 ≤ 50 ms added", p99 <= 50 && latencies.Length == expected),
        ];
    }

    private static async Task<double> BaselineAsync(byte[] frame, TextWriter log)
    {
        await using var server = await BareWebSocketServer.StartAsync(frame);
        using var stop = new CancellationTokenSource();
        var clients = new List<CountingClient>();
        for (var i = 0; i < Clients; i++) clients.Add(await CountingClient.ConnectAsync(server.Url, stop.Token));
        var counts = new long[Clients];
        var tasks = clients.Select((c, i) => Task.Run(async () =>
        {
            try { while (true) Interlocked.Add(ref counts[i], MarkerCounter.Count((await c.ReceiveAsync(stop.Token)).Span)); }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        })).ToList();
        await Task.Delay(WarmUp);
        var start = counts.Sum();
        var clock = Stopwatch.StartNew();
        await Task.Delay(Measured);
        var rate = (counts.Sum() - start) / clock.Elapsed.TotalSeconds;
        log.WriteLine($"  bare broadcast: {rate:N0} msg/s to {Clients} clients");
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        foreach (var c in clients) await c.DisposeAsync();
        return rate;
    }

    private static double Ms(long[] sortedTicks, double q) =>
        sortedTicks.Length == 0 ? double.NaN : sortedTicks[Math.Min(sortedTicks.Length - 1, (int)(q * sortedTicks.Length))] * 1000.0 / Stopwatch.Frequency;

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class NoLanes : ILaneSupervisor
    {
        public IReadOnlyList<LaneState> States => [];
        public Task ReconcileAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    /// <summary>One JSON client: counts messages; in the latency phase also reads each message's trade id.</summary>
    private sealed class GatewayClient : IDisposable
    {
        private readonly ClientWebSocket _ws = new();
        private byte[] _buffer = new byte[1 << 20];
        private long _received;
        private long[]? _ackedAt;
        private long _latencyFrom = long.MaxValue;

        public long Received => Interlocked.Read(ref _received);
        public byte[]? LastFrame { get; private set; }
        public List<long> Latencies { get; } = [];

        public static async Task<GatewayClient> ConnectAsync(Uri url, string[] symbols)
        {
            var c = new GatewayClient();
            c._ws.Options.KeepAliveInterval = TimeSpan.Zero;
            await c._ws.ConnectAsync(url, CancellationToken.None);
            await c.ReceiveAsync(CancellationToken.None);
            await c.SendAsync("{\"action\":\"auth\",\"key\":\"bench\",\"secret\":\"bench-secret\"}");
            await c.ReceiveAsync(CancellationToken.None);
            await c.SendAsync($"{{\"action\":\"subscribe\",\"trades\":[{string.Join(",", symbols.Select(s => $"\"{s}\""))}]}}");
            await c.ReceiveAsync(CancellationToken.None);
            return c;
        }

        private Task SendAsync(string json) => _ws.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

        public void StartLatency(long fromId, long[] ackedAt)
        {
            _ackedAt = ackedAt;
            Volatile.Write(ref _latencyFrom, fromId);
        }

        public async Task ReceiveLoopAsync(CancellationToken ct)
        {
            try
            {
                while (true)
                {
                    var frame = await ReceiveAsync(ct);
                    var now = Stopwatch.GetTimestamp();
                    Interlocked.Add(ref _received, MarkerCounter.Count(frame.Span));
                    if (LastFrame is null && frame.Length > 4096) LastFrame = frame.ToArray();
                    var from = Volatile.Read(ref _latencyFrom);
                    if (from != long.MaxValue) TimeIds(frame.Span, from, now);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
            }
        }

        private void TimeIds(ReadOnlySpan<byte> frame, long from, long now)
        {
            while (true)
            {
                var at = frame.IndexOf("\"i\":"u8);
                if (at < 0) return;
                frame = frame[(at + 4)..];
                if (Utf8Parser.TryParse(frame, out long id, out var used) && id >= from)
                {
                    Latencies.Add(now - _ackedAt![id]);
                    frame = frame[used..];
                }
            }
        }

        private async Task<ReadOnlyMemory<byte>> ReceiveAsync(CancellationToken ct)
        {
            var total = 0;
            while (true)
            {
                if (total == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                var r = await _ws.ReceiveAsync(_buffer.AsMemory(total), ct);
                if (r.MessageType == WebSocketMessageType.Close) throw new WebSocketException("closed by the gateway");
                total += r.Count;
                if (r.EndOfMessage) return _buffer.AsMemory(0, total);
            }
        }

        public void Dispose() => _ws.Dispose();
    }
}
