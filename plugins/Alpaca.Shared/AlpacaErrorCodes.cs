using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>Maps Alpaca stream error codes (docs table, 2026) to the contract's venue-neutral error kinds.</summary>
public static class AlpacaErrorCodes
{
    public static VenueErrorKind Classify(int? code) => code switch
    {
        400 => VenueErrorKind.InvalidSyntax,
        401 => VenueErrorKind.NotAuthenticated,
        402 => VenueErrorKind.AuthFailed,
        403 => VenueErrorKind.AlreadyAuthenticated,
        404 => VenueErrorKind.AuthTimeout,
        405 => VenueErrorKind.SymbolLimitExceeded,
        406 => VenueErrorKind.ConnectionLimitExceeded,
        407 => VenueErrorKind.SlowClient,
        408 => VenueErrorKind.FeedNotEnabled,   // "v2 not enabled": old docs and the JS SDK, gone from the 2026 table
        411 => VenueErrorKind.InsufficientScope, // OAuth token scopes (Go SDK errors.go)
        409 => VenueErrorKind.InsufficientSubscription,
        410 => VenueErrorKind.InvalidSubscribeAction,
        500 => VenueErrorKind.Internal,
        _ => VenueErrorKind.Unknown,
    };
}
