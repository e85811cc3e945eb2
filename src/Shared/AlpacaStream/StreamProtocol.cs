using System.Text;
using System.Text.Json;

namespace Torghut.AlpacaStream;

/// <summary>A frame the server owes the client, optionally followed by a close.</summary>
internal readonly record struct StreamReply(byte[]? Frame, bool Close = false, string? CloseReason = null);

/// <summary>What a server decides beyond the protocol itself: whose keys count, which symbols it carries.</summary>
internal interface IStreamServerPolicy
{
    /// <summary>
    /// Null when the credentials are accepted; else the error code and whether the connection closes.
    /// </summary>
    (int Code, bool Close)? Authenticate(string? key, string? secret);

    /// <summary>
    /// Null when the subscription may become <paramref name="next"/>; else the error code (it stays as it was).
    /// </summary>
    int? Check(IReadOnlyDictionary<string, IReadOnlyList<string>> request, SubscriptionSet next);

    /// <summary>Called after a subscribe was applied and echoed.</summary>
    void Subscribed(IReadOnlyDictionary<string, IReadOnlyList<string>> request);
}

/// <summary>
/// The server side of Alpaca's market-data stream protocol for one connection: the greeting, auth (message or
/// handshake headers), additive subscribe and unsubscribe with the full echo, and the documented error replies, in
/// JSON or MessagePack. No I/O: the caller reads frames, hands them here and sends what comes back. Thread-safe.
/// </summary>
internal sealed class StreamProtocol(StreamChannels channels, bool msgpack, IStreamServerPolicy policy)
{
    private readonly object _lock = new();
    private volatile SubscriptionSet _subs = SubscriptionSet.Empty;
    private volatile bool _authenticated;

    public bool MsgPack => msgpack;
    public StreamChannels Channels => channels;
    public bool Authenticated => _authenticated;

    /// <summary>The current subscriptions: an immutable snapshot the send side reads without locks.</summary>
    public SubscriptionSet Subscriptions => _subs;

    public byte[] Connected() => ControlMessages.Success("connected", msgpack);

    public byte[] Error(int code) => ControlMessages.Error(code, msgpack);

    /// <summary>Handles one complete client message (JSON in a text or binary frame, or MessagePack).</summary>
    public void Handle(ReadOnlySpan<byte> data, bool textFrame, List<StreamReply> replies)
    {
        try
        {
            // JSON arrives as text, or as binary from clients such as the C# SDK; MessagePack is binary.
            var isJson = textFrame || (data.Length > 0 && (data[0] == (byte)'{' || data[0] == (byte)'['));
            var json = isJson ? data.ToArray() : MsgPackToJson.Convert(data);
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("action", out var actionEl) ||
                actionEl.ValueKind != JsonValueKind.String)
            {
                replies.Add(new(Error(400)));
                return;
            }
            switch (actionEl.GetString())
            {
                case "auth":
                    Authenticate(StringOrNull(root, "key"), StringOrNull(root, "secret"), replies);
                    break;
                case "subscribe":
                    Subscribe(true, root, replies);
                    break;
                case "unsubscribe":
                    Subscribe(false, root, replies);
                    break;
                default:
                    replies.Add(new(Error(400)));
                    break;
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException
                                       or DecoderFallbackException)
        {
            replies.Add(new(Error(400)));
        }
    }

    public void Authenticate(string? key, string? secret, List<StreamReply> replies)
    {
        lock (_lock)
        {
            if (_authenticated)
            {
                replies.Add(new(Error(403)));
                return;
            }
            if (policy.Authenticate(key, secret) is { } refused)
            {
                var reason = refused.Close ? ControlMessages.ErrorText(refused.Code) : null;
                replies.Add(new(Error(refused.Code), refused.Close, reason));
                return;
            }
            _authenticated = true;
            replies.Add(new(ControlMessages.Success("authenticated", msgpack)));
        }
    }

    private void Subscribe(bool subscribe, JsonElement root, List<StreamReply> replies)
    {
        if (!_authenticated)
        {
            replies.Add(new(Error(401)));
            return;
        }
        var request = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var prop in root.EnumerateObject())
        {
            if (prop.Name == "action") continue;
            if (!channels.CanSubscribe(prop.Name))
            {
                replies.Add(new(Error(410)));
                return;
            }
            if (prop.Value.ValueKind == JsonValueKind.Null) continue;
            if (prop.Value.ValueKind != JsonValueKind.Array)
            {
                replies.Add(new(Error(400)));
                return;
            }
            var symbols = new List<string>();
            foreach (var el in prop.Value.EnumerateArray())
            {
                if (el.ValueKind != JsonValueKind.String || !channels.IsValidSymbol(el.GetString()!))
                {
                    replies.Add(new(Error(400)));
                    return;
                }
                symbols.Add(el.GetString()!);
            }
            request[prop.Name] = symbols;
        }
        lock (_lock)
        {
            var next = _subs.Apply(subscribe, request);
            // Removing never exceeds a limit nor adds an unknown symbol: only a subscribe is checked.
            if (subscribe && policy.Check(request, next) is { } code)
            {
                replies.Add(new(Error(code))); // the subscription stays as it was
                return;
            }
            _subs = next;
            replies.Add(new(ControlMessages.Subscription(next.Echo(channels), msgpack)));
        }
        if (subscribe) policy.Subscribed(request);
    }

    private static string? StringOrNull(JsonElement root, string name) =>
        root.TryGetProperty(name, out var el) && el.ValueKind == JsonValueKind.String ? el.GetString() : null;
}
