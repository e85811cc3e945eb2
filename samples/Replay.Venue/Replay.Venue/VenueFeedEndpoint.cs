using System.Text.Json;
using Torghut.Abstractions;

namespace Replay.Venue;

/// <summary>
/// The venue's stream. Wire format (replace with your venue's): frames are JSON arrays of elements
/// <c>{"type":"trade","symbol":"BTC/USD","price":1.5,"size":0.25,"time":"2024-03-12T10:00:00.123456789Z"}</c>
/// (also <c>quote</c> with bid/bidSize/ask/askSize and <c>bar</c> with open/high/low/close/volume);
/// subscribe is <c>{"action":"subscribe","trades":[…],"quotes":[…],"bars":[…]}</c>. Control elements: the venue
/// sends <c>{"type":"connected"}</c> on connect, <c>{"type":"authenticated"}</c> after the auth message,
/// <c>{"type":"subscribed","trades":[…],…}</c> (every symbol now subscribed, per channel) after each (un)subscribe,
/// and <c>{"type":"error","code":401,"message":"…"}</c>.
/// </summary>
public sealed class VenueFeedEndpoint(Uri streamUri, int maxSymbolsPerMessage, ISymbolCodec codec) : IFeedEndpoint
{
    /// <inheritdoc />
    public Uri StreamUri => streamUri;

    /// <inheritdoc />
    public IReadOnlyList<string> SupportedChannels { get; } = ["trades", "quotes", "bars"];

    /// <inheritdoc />
    public IReadOnlyList<string> Channels => SupportedChannels;

    /// <inheritdoc />
    public int MaxSymbolsPerMessage => maxSymbolsPerMessage;

    /// <inheritdoc />
    public string BuildAuthMessage(VenueCredentials credentials) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["action"] = "auth", ["key"] = credentials.KeyId, ["secret"] = credentials.Secret });

    /// <inheritdoc />
    public IReadOnlyList<string> BuildSubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols) =>
        Build("subscribe", channels, symbols);

    /// <inheritdoc />
    public IReadOnlyList<string> BuildUnsubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols) =>
        Build("unsubscribe", channels, symbols);

    /// <inheritdoc />
    public void Decode(ReadOnlySpan<byte> frame, IFeedSink sink) => FrameDecoder.Decode(frame, sink, codec);

    private IReadOnlyList<string> Build(string action, IReadOnlyList<string> channels, IReadOnlyList<string> symbols)
    {
        foreach (var c in channels)
            if (!SupportedChannels.Contains(c)) throw new ArgumentException($"channel '{c}' is not supported", nameof(channels));
        var wanted = channels.Distinct().ToArray();
        return symbols.Distinct().Chunk(maxSymbolsPerMessage).Select(chunk =>
        {
            var message = new Dictionary<string, object> { ["action"] = action };
            foreach (var c in wanted) message[c] = chunk;
            return JsonSerializer.Serialize(message);
        }).ToArray();
    }
}
