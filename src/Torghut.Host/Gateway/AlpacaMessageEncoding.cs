using System.Buffers;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.AlpacaStream;

namespace Torghut.Host.Gateway;

/// <summary>
/// Envelope → Alpaca message. The envelope's <c>payload</c> already holds Alpaca's short keys (upstream-contracts §2),
/// so the JSON message is the payload with the type letter <c>T</c> put first; only statuses rename their two upstream
/// keys back (<c>statusCode</c>/<c>statusMessage</c> → <c>sc</c>/<c>sm</c>). Records that are not venue stream data
/// (lane heartbeats, REST repairs, which Alpaca's stream never sends) give null.
/// </summary>
internal static class AlpacaMessageEncoding
{
    /// <summary>Why an envelope was not forwarded; null when it was.</summary>
    public enum Skip { None, NotStreamData, Malformed }

    public static GatewayMessage? FromEnvelope(ReadOnlySpan<byte> envelope, long readTimestamp, out Skip skip)
    {
        skip = Skip.Malformed;
        string? channel = null, symbol = null, source = null;
        int payloadStart = -1, payloadEnd = -1;
        try
        {
            var reader = new Utf8JsonReader(envelope);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("payload"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject) return null;
                    payloadStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    payloadEnd = (int)reader.BytesConsumed;
                }
                else if (reader.ValueTextEquals("channel"u8)) channel = NextString(ref reader);
                else if (reader.ValueTextEquals("symbol"u8)) symbol = NextString(ref reader);
                else if (reader.ValueTextEquals("source"u8)) source = NextString(ref reader);
                else { reader.Read(); reader.Skip(); }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        if (channel is null || symbol is null || payloadStart < 0) return null;
        var type = TypeLetter(channel);
        if (type == 0 || source != "ws")
        {
            skip = Skip.NotStreamData;
            return null;
        }
        var payload = envelope[payloadStart..payloadEnd];
        byte[] json;
        if (type == 's') json = StatusJson(payload);
        else
        {
            // {"T":"t", + the payload without its opening brace ({"T":"t"} alone for an empty payload).
            json = payload.Length <= 2 ? "{\"T\":\"x\"}"u8.ToArray() : new byte[9 + payload.Length - 1];
            if (payload.Length > 2)
            {
                "{\"T\":\"x\","u8.CopyTo(json);
                payload[1..].CopyTo(json.AsSpan(9));
            }
            json[6] = type;
        }
        skip = Skip.None;
        var mask = StreamChannels.MaskOfType((char)type);
        return new GatewayMessage(symbol, mask, symbol.Contains('/'), json, readTimestamp);
    }

    /// <summary>Envelope channel → Alpaca's <c>T</c>; 0 for records that are not stream data.</summary>
    private static byte TypeLetter(string channel) => channel switch
    {
        "trades" => (byte)'t',
        "quotes" => (byte)'q',
        "bars" => (byte)'b',
        "updatedBars" => (byte)'u',
        "dailyBars" => (byte)'d',
        "status" => (byte)'s',
        "lulds" => (byte)'l',
        "imbalances" => (byte)'i',
        "corrections" => (byte)'c',
        "cancelErrors" => (byte)'x',
        "orderbooks" => (byte)'o',
        _ => 0,
    };

    private static string? NextString(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
    }

    private static byte[] StatusJson(ReadOnlySpan<byte> payload)
    {
        var buffer = new ArrayBufferWriter<byte>(payload.Length + 16);
        using (var w = new Utf8JsonWriter(buffer))
        using (var doc = JsonDocument.Parse(payload.ToArray()))
        {
            w.WriteStartObject();
            w.WriteString("T", "s");
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                w.WritePropertyName(p.Name switch { "statusCode" => "sc", "statusMessage" => "sm", _ => p.Name });
                p.Value.WriteTo(w);
            }
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// One JSON object → one MessagePack map in the same key order (<c>T</c> stays first, as the Go SDK requires).
    /// Whole numbers become integers, others doubles; the top-level <c>t</c> becomes the timestamp extension.
    /// </summary>
    public static byte[] JsonToMsgPack(ReadOnlySpan<byte> json)
    {
        var w = new MsgPackWriter(json.Length);
        var reader = new Utf8JsonReader(json);
        reader.Read();
        WriteValue(ref reader, w, json, topLevel: true, isTime: false);
        return w.ToArray();
    }

    private static void WriteValue(ref Utf8JsonReader reader, MsgPackWriter w, ReadOnlySpan<byte> json, bool topLevel,
        bool isTime)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                w.WriteMapHeader(CountChildren(json, (int)reader.TokenStartIndex));
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    w.WriteString(name);
                    reader.Read();
                    WriteValue(ref reader, w, json, false, topLevel && name == "t");
                }
                break;
            case JsonTokenType.StartArray:
                w.WriteArrayHeader(CountChildren(json, (int)reader.TokenStartIndex));
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    WriteValue(ref reader, w, json, false, false);
                break;
            case JsonTokenType.String:
                if (isTime && NanoTimestamp.TryParse(reader.ValueSpan, out var ts))
                    w.WriteTimestamp(ts.UnixNanoseconds);
                else w.WriteString(reader.GetString()!);
                break;
            case JsonTokenType.Number:
                var whole = reader.ValueSpan.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
                if (whole && reader.TryGetInt64(out var l)) w.WriteInt(l);
                else w.WriteDouble(reader.GetDouble());
                break;
            case JsonTokenType.True: w.WriteBool(true); break;
            case JsonTokenType.False: w.WriteBool(false); break;
            default: w.WriteNil(); break;
        }
    }

    /// <summary>The number of members of the object or array starting at <paramref name="start"/>.</summary>
    private static int CountChildren(ReadOnlySpan<byte> json, int start)
    {
        var reader = new Utf8JsonReader(json[start..]);
        reader.Read();
        var depth = reader.CurrentDepth;
        var isObject = reader.TokenType == JsonTokenType.StartObject;
        var count = 0;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.CurrentDepth != depth + 1) continue;
            if (isObject ? reader.TokenType == JsonTokenType.PropertyName
                         : reader.TokenType is not (JsonTokenType.EndArray or JsonTokenType.EndObject)) count++;
        }
        return count;
    }
}
