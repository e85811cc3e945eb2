namespace Torghut.Abstractions;

/// <summary>The kind of a session-control message from a venue.</summary>
public enum ControlKind
{
    /// <summary>The venue greeted a new connection.</summary>
    Connected,
    /// <summary>Authentication succeeded.</summary>
    Authenticated,
    /// <summary>The venue echoed the whole current subscription set.</summary>
    SubscriptionAck,
    /// <summary>The venue reported an error.</summary>
    Error,
    /// <summary>Another success message the host may log and ignore.</summary>
    OtherSuccess,
}

/// <summary>
/// A venue error, classified by the plugin so that the host's session policy (retry, back off, degrade) is the same
/// for every venue.
/// </summary>
public enum VenueErrorKind
{
    /// <summary>Not classified.</summary>
    Unknown,
    /// <summary>The venue could not parse a message, or a symbol in it (Alpaca 400).</summary>
    InvalidSyntax,
    /// <summary>A request arrived before authentication (Alpaca 401).</summary>
    NotAuthenticated,
    /// <summary>Bad credentials (Alpaca 402): a configuration problem.</summary>
    AuthFailed,
    /// <summary>Authenticated twice (Alpaca 403): harmless.</summary>
    AlreadyAuthenticated,
    /// <summary>Authentication did not arrive in time (Alpaca 404): retryable.</summary>
    AuthTimeout,
    /// <summary>The subscription would exceed the plan's symbol limit (Alpaca 405); the old set is kept.</summary>
    SymbolLimitExceeded,
    /// <summary>Another connection holds the key (Alpaca 406): back off.</summary>
    ConnectionLimitExceeded,
    /// <summary>The client read too slowly (Alpaca 407): reconnect.</summary>
    SlowClient,
    /// <summary>The plan does not include this feed (Alpaca 409): a configuration problem.</summary>
    InsufficientSubscription,
    /// <summary>The channel does not exist on this stream (Alpaca 410).</summary>
    InvalidSubscribeAction,
    /// <summary>The venue failed internally (Alpaca 500): reconnect.</summary>
    Internal,
    /// <summary>The account may not use this API version (Alpaca 408 "v2 not enabled"): a configuration problem. Since 1.2.</summary>
    FeedNotEnabled,
    /// <summary>The token lacks the scope for this stream (Alpaca 411): a configuration problem. Since 1.2.</summary>
    InsufficientScope,
}

/// <summary>A session-control message decoded from a frame.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Message">The venue's text (e.g. <c>connected</c>, <c>auth failed</c>).</param>
/// <param name="ErrorCode">The venue's numeric error code, for <see cref="ControlKind.Error"/>.</param>
/// <param name="ErrorKind">The classified error, for <see cref="ControlKind.Error"/>.</param>
/// <param name="Subscriptions">For <see cref="ControlKind.SubscriptionAck"/>: the whole current set, per channel
/// (a channel the venue omitted is absent, meaning empty).</param>
public sealed record ControlMessage(
    ControlKind Kind,
    string? Message = null,
    int? ErrorCode = null,
    VenueErrorKind ErrorKind = VenueErrorKind.Unknown,
    IReadOnlyDictionary<string, IReadOnlyList<string>>? Subscriptions = null);

/// <summary>
/// One element of a frame that could not be decoded. Reported instead of thrown, so that the other elements of the
/// same frame are still delivered.
/// </summary>
/// <param name="Index">Zero-based position of the element in its frame (-1 when the frame itself is unreadable).</param>
/// <param name="MessageType">The element's type tag when it could be read (e.g. <c>t</c>), else null.</param>
/// <param name="Reason">What was wrong, for operators (never contains credentials).</param>
public readonly record struct DecodeError(int Index, string? MessageType, string Reason);

/// <summary>Receives what <see cref="IFeedEndpoint.Decode"/> finds in one frame, in frame order.</summary>
public interface IFeedSink
{
    /// <summary>A trade.</summary>
    void OnTrade(in Trade trade);
    /// <summary>A quote.</summary>
    void OnQuote(in Quote quote);
    /// <summary>A bar (see <see cref="Bar.Kind"/> for live, updated or daily).</summary>
    void OnBar(in Bar bar);
    /// <summary>A trading-status change.</summary>
    void OnStatus(in TradingStatus status);
    /// <summary>An order-book update.</summary>
    void OnOrderBook(in OrderBookUpdate update);
    /// <summary>A control message (connected, authenticated, subscription ack, error).</summary>
    void OnControl(ControlMessage control);
    /// <summary>An element that could not be decoded; its siblings are still delivered.</summary>
    void OnDecodeError(in DecodeError error);
    /// <summary>An element of a well-formed but unknown type; ignored by default.</summary>
    void OnUnknown(string messageType) { }

    // Since 1.2. Each defaults to OnUnknown, so a sink written against 1.0/1.1 still sees (and can count) these
    // elements as unknown types instead of losing them silently.

    /// <summary>A trade correction. Defaults to <see cref="OnUnknown"/>(<c>"correction"</c>).</summary>
    void OnCorrection(in TradeCorrection correction) => OnUnknown("correction");
    /// <summary>A trade cancel or error notice. Defaults to <see cref="OnUnknown"/>(<c>"cancelError"</c>).</summary>
    void OnCancel(in TradeCancel cancel) => OnUnknown("cancelError");
    /// <summary>Limit up / limit down bands. Defaults to <see cref="OnUnknown"/>(<c>"luld"</c>).</summary>
    void OnPriceBand(in PriceBand band) => OnUnknown("luld");
    /// <summary>An order imbalance. Defaults to <see cref="OnUnknown"/>(<c>"imbalance"</c>).</summary>
    void OnImbalance(in OrderImbalance imbalance) => OnUnknown("imbalance");
}
