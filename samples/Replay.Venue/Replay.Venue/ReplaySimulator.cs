using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Replay.Venue.Recording;
using Torghut.Abstractions;

namespace Replay.Venue;

/// <summary>
/// Serves the recorded session over a loopback websocket (<c>/stream</c>): <c>connected</c> on connect,
/// <c>authenticated</c> after an auth message, and after a subscribe message its echo (<c>subscribed</c>) then the
/// recorded elements of the newly subscribed symbols, grouped into frames as replay.yaml says. The recorded bars are
/// also served as one page of <c>GET /v1/bars?symbols=…</c>.
/// </summary>
public sealed class ReplaySimulator : IVenueSimulator
{
    /// <inheritdoc />
    public Task<IRunningSimulator> StartAsync(SimulatorOptions options, CancellationToken cancellationToken = default)
    {
        var port = options.Port != 0 ? options.Port : FreePort();
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        return Task.FromResult<IRunningSimulator>(new Running(listener, port));
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private sealed class Running : IRunningSimulator
    {
        private readonly HttpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _accepting;

        public Running(HttpListener listener, int port)
        {
            _listener = listener;
            StreamBaseUrl = new Uri($"ws://127.0.0.1:{port}/stream");
            RestBaseUrl = new Uri($"http://127.0.0.1:{port}/");
            Settings = new Dictionary<string, string>
            {
                [VenuePlugin.StreamUrlSetting] = StreamBaseUrl.ToString(),
                [VenuePlugin.RestUrlSetting] = RestBaseUrl.ToString(),
            };
            _accepting = Task.Run(AcceptLoop);
        }

        public Uri StreamBaseUrl { get; }
        public Uri RestBaseUrl { get; }
        public IReadOnlyDictionary<string, string> Settings { get; }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try { await _accepting; } catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { }
            _listener.Close();
        }

        private async Task AcceptLoop()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                if (!context.Request.IsWebSocketRequest)
                {
                    ServeBars(context);
                    continue;
                }
                _ = Task.Run(() => Session(context));
            }
        }

        private async Task Session(HttpListenerContext context)
        {
            using var socket = (await context.AcceptWebSocketAsync(null)).WebSocket;
            var token = _stop.Token;
            try
            {
                await Send(socket, [new JsonObject { ["type"] = "connected" }], token);
                var buffer = new byte[64 * 1024];
                var subscribed = new HashSet<string>(StringComparer.Ordinal);
                while (socket.State == WebSocketState.Open && !token.IsCancellationRequested)
                {
                    var received = await socket.ReceiveAsync(buffer, token);
                    if (received.MessageType == WebSocketMessageType.Close) return;
                    var (action, symbols) = Read(buffer.AsSpan(0, received.Count));
                    if (action == "auth")
                        await Send(socket, [new JsonObject { ["type"] = "authenticated" }], token);
                    else if (action is "subscribe" or "unsubscribe")
                    {
                        var added = symbols.Where(s => action == "subscribe" && subscribed.Add(s)).ToHashSet(StringComparer.Ordinal);
                        if (action == "unsubscribe") subscribed.ExceptWith(symbols);
                        await Send(socket, [Echo(subscribed)], token);
                        if (added.Count > 0) await Replay(socket, added, token);
                    }
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }

        private static async Task Replay(WebSocket socket, HashSet<string> symbols, CancellationToken token)
        {
            var options = ReplayRecording.Options;
            var elements = ReplayRecording.Elements.Where(e => symbols.Contains((string?)e["symbol"] ?? ""));
            foreach (var frame in elements.Chunk(Math.Max(1, options.ElementsPerFrame)))
            {
                await Send(socket, frame, token);
                if (options.MillisecondsBetweenFrames > 0) await Task.Delay(options.MillisecondsBetweenFrames, token);
            }
        }

        /// <summary>A client message's action and the symbols it names on any channel.</summary>
        private static (string? Action, HashSet<string> Symbols) Read(ReadOnlySpan<byte> message)
        {
            var symbols = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                using var doc = JsonDocument.Parse(message.ToArray());
                if (doc.RootElement.ValueKind != JsonValueKind.Object
                    || !doc.RootElement.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.String)
                    return (null, symbols);
                foreach (var p in doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array))
                    foreach (var s in p.Value.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String))
                        symbols.Add(s.GetString()!);
                return (action.GetString(), symbols);
            }
            catch (JsonException) { return (null, symbols); }
        }

        private static JsonObject Echo(HashSet<string> subscribed)
        {
            var echo = new JsonObject { ["type"] = "subscribed" };
            foreach (var channel in new[] { "trades", "quotes", "bars" })
                echo[channel] = new JsonArray(subscribed.Order(StringComparer.Ordinal).Select(s => (JsonNode)JsonValue.Create(s)).ToArray());
            return echo;
        }

        /// <summary>GET /v1/bars?symbols=A,B: the recorded bars of those symbols as one page; anything else 404.</summary>
        private static void ServeBars(HttpListenerContext context)
        {
            using var response = context.Response;
            if (context.Request.Url?.AbsolutePath != "/v1/bars")
            {
                response.StatusCode = 404;
                return;
            }
            var wanted = (context.Request.QueryString["symbols"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
            var bars = ReplayRecording.Elements
                .Where(e => (string?)e["type"] == "bar" && wanted.Contains((string?)e["symbol"] ?? ""))
                .Select(e => (JsonNode)e.DeepClone()).ToArray();
            var body = Encoding.UTF8.GetBytes(new JsonObject { ["bars"] = new JsonArray(bars), ["next_page_token"] = null }.ToJsonString());
            response.ContentType = "application/json";
            response.OutputStream.Write(body);
        }

        private static Task Send(WebSocket socket, IEnumerable<JsonObject> elements, CancellationToken token) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(new JsonArray(elements.Select(e => (JsonNode)e.DeepClone()).ToArray()).ToJsonString()),
                WebSocketMessageType.Text, endOfMessage: true, token);
    }
}
