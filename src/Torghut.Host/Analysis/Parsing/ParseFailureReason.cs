namespace Torghut.Host.Analysis.Parsing;

/// <summary>Why an envelope was not turned into an event. Bounded so it can label a metric.</summary>
public enum ParseFailureReason
{
    None = 0,
    /// <summary>Not valid JSON, or not a JSON object.</summary>
    MalformedJson,
    /// <summary>One of the seven envelope keys upstream requires (ingestTs, eventTs, feed, channel, symbol, seq, payload) is absent.</summary>
    MissingEnvelopeKey,
    /// <summary>A payload key the channel needs (e.g. trade <c>p</c>, <c>s</c>, <c>t</c>) is absent or null.</summary>
    MissingPayloadKey,
    /// <summary>A key has the wrong JSON type or an unparseable value (e.g. a bad timestamp).</summary>
    InvalidValue,
    /// <summary>A number is NaN or infinite (as a string, or out of double range).</summary>
    NonFiniteNumber,
}

/// <summary>Label values for <see cref="ParseFailureReason"/>, cached so metric code does not allocate.</summary>
public static class ParseFailureReasons
{
    public const int Count = (int)ParseFailureReason.NonFiniteNumber + 1;

    public static string Label(ParseFailureReason reason) => reason switch
    {
        ParseFailureReason.MalformedJson => "malformed_json",
        ParseFailureReason.MissingEnvelopeKey => "missing_envelope_key",
        ParseFailureReason.MissingPayloadKey => "missing_payload_key",
        ParseFailureReason.InvalidValue => "invalid_value",
        ParseFailureReason.NonFiniteNumber => "non_finite_number",
        _ => "none",
    };
}
