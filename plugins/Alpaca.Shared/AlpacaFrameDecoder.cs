using System.Text.Json;
using Torghut.Abstractions;

namespace Alpaca.Shared;

/// <summary>
/// Decodes Alpaca stream frames (a JSON array of objects, or one object) into sink calls, in frame order.
/// Allocation-light: a forward-only reader, one reused scratch element, and cached strings. Not thread-safe: one
/// decoder per endpoint, driven by that endpoint's reader thread.
/// </summary>
internal sealed class AlpacaFrameDecoder
{
    private static readonly IReadOnlyList<PriceLevel> NoLevels = Array.Empty<PriceLevel>();
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> NoSubscriptions =
        new Dictionary<string, IReadOnlyList<string>>();

    // Skipping comments sends every token down Utf8JsonReader's slower path. A comment needs "//" or "/*" somewhere in
    // the frame and Alpaca never sends either, so a vectorized scan picks the strict reader for every frame that
    // cannot hold a comment; a frame that might still gets the tolerant reader, so outcomes are unchanged.
    private static readonly JsonReaderOptions Strict = default;
    private static readonly JsonReaderOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip };

    private readonly ElementReader _reader;
    private readonly ElementFields _fields = new();
    private readonly FlatFrameScanner? _flat;
    private bool _inElement; // so a break between elements is not blamed on the previous element's type

    /// <param name="canonicalSymbol">Canonicalizes each distinct symbol.</param>
    /// <param name="flatFastPath">
    /// Read frames of simple flat elements with <see cref="FlatFrameScanner"/> (the tokenizer was most of the cost);
    /// off only to compare the two paths in tests.
    /// </param>
    public AlpacaFrameDecoder(Func<string, string> canonicalSymbol, bool flatFastPath = true)
    {
        _reader = new ElementReader(new Utf8StringTable(4096, canonicalSymbol), new Utf8StringTable(512));
        _flat = flatFastPath ? new FlatFrameScanner(_reader) : null;
    }

    public void Decode(ReadOnlySpan<byte> frame, IFeedSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (_flat is not null && _flat.TryScan(frame))
        {
            // Every element was read; nothing was delivered yet. (A declined frame is decoded below from the start.)
            for (var i = 0; i < _flat.Count; i++) Deliver(_flat[i], i, sink);
            return;
        }
        var mayHoldComment = frame.IndexOf("//"u8) >= 0 || frame.IndexOf("/*"u8) >= 0;
        var reader = new Utf8JsonReader(frame, mayHoldComment ? Lenient : Strict);
        int index = -1;
        _inElement = false;
        try
        {
            if (!reader.Read())
            {
                sink.OnDecodeError(new DecodeError(-1, null, "frame is empty"));
                return;
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    index = 0;
                    DecodeElement(ref reader, 0, sink);
                    break;
                case JsonTokenType.StartArray:
                    index = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.StartObject) DecodeElement(ref reader, index, sink);
                        else
                        {
                            reader.Skip();
                            sink.OnDecodeError(new DecodeError(index, null, $"element is a JSON {Describe(reader.TokenType)}, not an object"));
                        }
                        index++;
                    }
                    break;
                default:
                    sink.OnDecodeError(new DecodeError(-1, null, $"frame is a JSON {Describe(reader.TokenType)}, not an array or object"));
                    return;
            }
            index = -1; // anything after the value is a frame-level problem, not an element's
            if (reader.Read())
                sink.OnDecodeError(new DecodeError(-1, null, "frame has data after its JSON value"));
        }
        catch (JsonException ex)
        {
            // Elements completed before the break were already delivered; report the break once.
            var type = _inElement && _fields.TypeState == FieldState.Ok ? _fields.TypeText : null;
            sink.OnDecodeError(new DecodeError(index, type,
                $"frame is not valid JSON at byte {reader.BytesConsumed}: {ex.Message}"));
        }
        catch (InvalidOperationException ex)
        {
            // Utf8JsonReader reports some malformed text (e.g. bad UTF-8 in a string) this way.
            sink.OnDecodeError(new DecodeError(index, null, $"frame is not valid JSON: {ex.Message}"));
        }
    }

    private void DecodeElement(ref Utf8JsonReader reader, int index, IFeedSink sink)
    {
        var f = _fields;
        _inElement = true;
        _reader.ReadObject(ref reader, f);
        _inElement = false;
        Deliver(f, index, sink);
    }

    /// <summary>Validates a read element and hands its record, control message or error to the sink.</summary>
    private static void Deliver(ElementFields f, int index, IFeedSink sink)
    {
        if (f.TypeState != FieldState.Ok)
        {
            sink.OnDecodeError(new DecodeError(index, null, f.TypeState == FieldState.Absent ? "'T' is missing" : "'T' is not a string"));
            return;
        }
        switch (f.Type)
        {
            case MessageType.Success:
                sink.OnControl(new ControlMessage(
                    f.Msg switch { "connected" => ControlKind.Connected, "authenticated" => ControlKind.Authenticated, _ => ControlKind.OtherSuccess },
                    f.Msg));
                return;
            case MessageType.Error:
                int? code = f.Code.State == FieldState.Ok && f.Code.Value is >= int.MinValue and <= int.MaxValue ? (int)f.Code.Value : null;
                sink.OnControl(new ControlMessage(ControlKind.Error, f.Msg, code, AlpacaErrorCodes.Classify(code)));
                return;
            case MessageType.Subscription:
                sink.OnControl(new ControlMessage(ControlKind.SubscriptionAck, Subscriptions: f.Arrays ?? NoSubscriptions));
                return;
            case MessageType.Unknown:
                sink.OnUnknown(f.TypeText!);
                return;
        }

        if (ElementValidation.DataError(f) is { } reason)
        {
            sink.OnDecodeError(new DecodeError(index, f.TypeText, reason));
            return;
        }
        switch (f.Type)
        {
            case MessageType.Trade:
                sink.OnTrade(ElementValidation.ToTrade(f, f.Symbol!));
                return;
            case MessageType.Quote:
                sink.OnQuote(ElementValidation.ToQuote(f, f.Symbol!));
                return;
            case MessageType.Bar or MessageType.UpdatedBar or MessageType.DailyBar:
                var kind = f.Type switch { MessageType.Bar => BarKind.Minute, MessageType.UpdatedBar => BarKind.Updated, _ => BarKind.Daily };
                sink.OnBar(ElementValidation.ToBar(f, f.Symbol!, kind));
                return;
            case MessageType.Status:
                sink.OnStatus(new TradingStatus(f.Symbol!, f.Time, f.Sc, f.Sm, f.Rc, f.Rm, f.Z));
                return;
            case MessageType.Correction:
                sink.OnCorrection(ElementValidation.ToCorrection(f, f.Symbol!));
                return;
            case MessageType.CancelError:
                sink.OnCancel(ElementValidation.ToCancel(f, f.Symbol!));
                return;
            case MessageType.Luld:
                sink.OnPriceBand(new PriceBand(f.Symbol!, f.Time, f.U.Value, f.D.Value, f.Indicator, f.Z));
                return;
            case MessageType.Imbalance:
                sink.OnImbalance(new OrderImbalance(f.Symbol!, f.Time, f.P.Value, f.Z));
                return;
            case MessageType.OrderBook:
                sink.OnOrderBook(new OrderBookUpdate(f.Symbol!, f.Time, f.Bids ?? NoLevels, f.Asks ?? NoLevels, f.Reset));
                return;
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
