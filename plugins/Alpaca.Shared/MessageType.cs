namespace Alpaca.Shared;

/// <summary>The Alpaca <c>T</c> tags this decoder understands.</summary>
internal enum MessageType : byte
{
    Missing,
    Unknown,
    Success,
    Subscription,
    Error,
    Trade,
    Quote,
    Bar,
    UpdatedBar,
    DailyBar,
    Status,
    OrderBook,
    Correction,
    CancelError,
    Luld,
    Imbalance,
}
