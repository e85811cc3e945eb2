using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// An Alpaca market-data stream (crypto <c>v1beta3/crypto/{loc}</c> or stocks <c>v2/{feed}</c>): its URL, channels,
/// auth and subscribe messages, and the frame decoder. The protocol is the same on both; only configuration differs.
/// </summary>
public sealed class AlpacaFeedEndpoint : IFeedEndpoint
{
    private readonly AlpacaFrameDecoder _decoder;

    /// <param name="streamUri">The full websocket URI of the lane.</param>
    /// <param name="supportedChannels">Every channel the stream accepts.</param>
    /// <param name="channels">The channels the lane subscribes; each must be supported.</param>
    /// <param name="maxSymbolsPerMessage">Symbols per subscribe message (SUBSCRIBE_BATCH_SIZE).</param>
    /// <param name="codec">Canonicalizes decoded symbols (once per distinct symbol); a rejected symbol passes through as sent.</param>
    public AlpacaFeedEndpoint(Uri streamUri, IReadOnlyList<string> supportedChannels, IReadOnlyList<string> channels,
        int maxSymbolsPerMessage, ISymbolCodec? codec = null)
    {
        ArgumentNullException.ThrowIfNull(streamUri);
        ArgumentNullException.ThrowIfNull(supportedChannels);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSymbolsPerMessage, 1);
        foreach (var c in channels)
            if (!supportedChannels.Contains(c))
                throw new ArgumentException($"channel '{c}' is not supported; supported: {string.Join(", ", supportedChannels)}", nameof(channels));
        StreamUri = streamUri;
        SupportedChannels = supportedChannels.ToArray();
        Channels = channels.ToArray();
        MaxSymbolsPerMessage = maxSymbolsPerMessage;
        _decoder = new AlpacaFrameDecoder(codec is null ? s => s : s => codec.Canonicalize(s).Symbol ?? s);
    }

    public Uri StreamUri { get; }
    public IReadOnlyList<string> SupportedChannels { get; }
    public IReadOnlyList<string> Channels { get; }
    public int MaxSymbolsPerMessage { get; }

    public string BuildAuthMessage(VenueCredentials credentials) => AlpacaMessages.Auth(credentials);

    public IReadOnlyList<string> BuildSubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols) =>
        AlpacaMessages.Subscription("subscribe", channels, symbols, SupportedChannels, MaxSymbolsPerMessage);

    public IReadOnlyList<string> BuildUnsubscribeMessages(IReadOnlyList<string> channels, IReadOnlyList<string> symbols) =>
        AlpacaMessages.Subscription("unsubscribe", channels, symbols, SupportedChannels, MaxSymbolsPerMessage);

    public void Decode(ReadOnlySpan<byte> frame, IFeedSink sink) => _decoder.Decode(frame, sink);
}
