using System.Text.Json;
using Torghut.Abstractions;

namespace MyVenue;

/// <summary>
/// Reads frames element by element: a bad element becomes a <see cref="DecodeError"/> with its index and its
/// siblings still come out; unknown fields and unknown types are ignored; nothing throws.
/// </summary>
internal static class FrameDecoder
{
    public static void Decode(ReadOnlySpan<byte> frame, IFeedSink sink, ISymbolCodec codec)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(frame.ToArray()); }
        catch (JsonException e) { sink.OnDecodeError(new DecodeError(-1, null, "frame is not JSON: " + e.Message)); return; }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                sink.OnDecodeError(new DecodeError(-1, null, "frame is not a JSON array"));
                return;
            }
            int index = 0;
            foreach (var element in doc.RootElement.EnumerateArray())
            {
                try { Element(element, sink, codec); }
                catch (Exception e) when (e is FormatException or InvalidOperationException or KeyNotFoundException)
                {
                    sink.OnDecodeError(new DecodeError(index, TypeOf(element), e.Message));
                }
                index++;
            }
        }
    }

    private static void Element(JsonElement e, IFeedSink sink, ISymbolCodec codec)
    {
        switch (TypeOf(e))
        {
            case "trade":
                sink.OnTrade(new Trade(Symbol(e, codec), Number(e, "price"), Size(e, "size"), Time(e)));
                break;
            case "quote":
                sink.OnQuote(new Quote(Symbol(e, codec), Number(e, "bid"), Size(e, "bidSize"), Number(e, "ask"), Size(e, "askSize"), Time(e)));
                break;
            case "bar":
                sink.OnBar(Bars.Read(e, Symbol(e, codec), BarKind.Minute));
                break;
            // Control messages drive the host's session: connected -> it sends auth; authenticated -> it subscribes;
            // subscribed (the venue's echo of every subscribed symbol per channel) -> the lane is ready.
            case "connected":
                sink.OnControl(new ControlMessage(ControlKind.Connected));
                break;
            case "authenticated":
                sink.OnControl(new ControlMessage(ControlKind.Authenticated));
                break;
            case "subscribed":
                sink.OnControl(new ControlMessage(ControlKind.SubscriptionAck, Subscriptions: Subscriptions(e)));
                break;
            case "error":
                var code = e.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : (int?)null;
                var message = e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                sink.OnControl(new ControlMessage(ControlKind.Error, message, code, code == 401 ? VenueErrorKind.AuthFailed : VenueErrorKind.Unknown));
                break;
            case { } other:
                sink.OnUnknown(other);
                break;
            default:
                throw new FormatException("element has no 'type'");
        }
    }

    private static Dictionary<string, IReadOnlyList<string>> Subscriptions(JsonElement e)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array))
            result[p.Name] = p.Value.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToArray();
        return result;
    }

    private static string? TypeOf(JsonElement e) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;

    internal static string Symbol(JsonElement e, ISymbolCodec codec)
    {
        var raw = e.TryGetProperty("symbol", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var result = codec.Canonicalize(raw);
        return result.Symbol ?? throw new FormatException($"'symbol': {result.Error}");
    }

    internal static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new FormatException($"'{name}' is not a finite number");

    internal static double Size(JsonElement e, string name) =>
        Number(e, name) is var d && d >= 0 ? d : throw new FormatException($"'{name}' is negative");

    internal static NanoTimestamp Time(JsonElement e, string name = "time") =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && NanoTimestamp.TryParse(v.GetString().AsSpan(), out var ts)
            ? ts
            : throw new FormatException($"'{name}' is not an RFC 3339 timestamp");
}
