namespace Torghut.Abstractions;

/// <summary>
/// A venue's live stream for one lane: where to connect, what to send, and how to read what comes back.
/// Implementations hold configuration and, at most, caches private to decoding (e.g. interned symbol strings);
/// <see cref="Decode"/> is called from one reader thread per endpoint, the builders from any thread.
/// </summary>
public interface IFeedEndpoint
{
    /// <summary>The websocket URI of the lane (e.g. <c>wss://…/v1beta3/crypto/us</c>).</summary>
    Uri StreamUri { get; }

    /// <summary>Every channel this stream accepts (e.g. <c>trades</c>, <c>quotes</c>, <c>bars</c>).</summary>
    IReadOnlyList<string> SupportedChannels { get; }

    /// <summary>The channels the lane subscribes (configured, else the venue default).</summary>
    IReadOnlyList<string> Channels { get; }

    /// <summary>The most symbols one subscribe message may carry.</summary>
    int MaxSymbolsPerMessage { get; }

    /// <summary>The authentication message (text) to send after connecting.</summary>
    string BuildAuthMessage(VenueCredentials credentials);

    /// <summary>
    /// Subscribe messages adding <paramref name="symbols"/> on <paramref name="channels"/>, chunked so that no
    /// message carries more than <see cref="MaxSymbolsPerMessage"/> symbols.
    /// </summary>
    /// <exception cref="ArgumentException">A channel is not in <see cref="SupportedChannels"/>.</exception>
    IReadOnlyList<string> BuildSubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols);

    /// <summary>Unsubscribe messages, chunked like <see cref="BuildSubscribeMessages"/>.</summary>
    IReadOnlyList<string> BuildUnsubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols);

    /// <summary>
    /// Decodes one received frame (UTF-8 JSON, or what the venue sends) and reports every element to
    /// <paramref name="sink"/> in order. Never throws for bad input: an unreadable frame or element becomes a
    /// <see cref="DecodeError"/>, unknown fields are ignored, and the other elements are still delivered.
    /// This is the hot path: implementations avoid per-message allocations beyond the records themselves.
    /// </summary>
    void Decode(ReadOnlySpan<byte> frame, IFeedSink sink);
}
