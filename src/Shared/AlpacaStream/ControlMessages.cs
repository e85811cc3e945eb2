using System.Buffers;
using System.Text.Json;

namespace Torghut.AlpacaStream;

/// <summary>
/// Control frames (<c>success</c>, <c>error</c>, <c>subscription</c>), each alone in its array as Alpaca sends them,
/// in JSON or MessagePack.
/// </summary>
internal static class ControlMessages
{
    /// <summary>Documented error texts (Alpaca streaming docs, 2026 table).</summary>
    public static string ErrorText(int code) => code switch
    {
        400 => "invalid syntax",
        401 => "not authenticated",
        402 => "auth failed",
        403 => "already authenticated",
        404 => "auth timeout",
        405 => "symbol limit exceeded",
        406 => "connection limit exceeded",
        407 => "slow client",
        408 => "v2 not enabled",
        409 => "insufficient subscription",
        410 => "invalid subscribe action for this feed",
        411 => "insufficient scope",
        500 => "internal error",
        _ => "error",
    };

    public static byte[] Success(string msg, bool msgpack)
    {
        if (msgpack)
        {
            var w = new MsgPackWriter(48);
            w.WriteArrayHeader(1); w.WriteMapHeader(2);
            w.WriteString("T"); w.WriteString("success");
            w.WriteString("msg"); w.WriteString(msg);
            return w.ToArray();
        }
        return Json(j =>
        {
            j.WriteStartObject(); j.WriteString("T", "success"); j.WriteString("msg", msg); j.WriteEndObject();
        });
    }

    public static byte[] Error(int code, bool msgpack, string? msg = null)
    {
        msg ??= ErrorText(code);
        if (msgpack)
        {
            var w = new MsgPackWriter(64);
            w.WriteArrayHeader(1); w.WriteMapHeader(3);
            w.WriteString("T"); w.WriteString("error");
            w.WriteString("code"); w.WriteInt(code);
            w.WriteString("msg"); w.WriteString(msg);
            return w.ToArray();
        }
        return Json(j =>
        {
            j.WriteStartObject(); j.WriteString("T", "error"); j.WriteNumber("code", code); j.WriteString("msg", msg); j.WriteEndObject();
        });
    }

    public static byte[] Subscription(IReadOnlyList<(string Key, IReadOnlyList<string> Symbols)> channels, bool msgpack)
    {
        if (msgpack)
        {
            var w = new MsgPackWriter(128);
            w.WriteArrayHeader(1); w.WriteMapHeader(channels.Count + 1);
            w.WriteString("T"); w.WriteString("subscription");
            foreach (var (key, symbols) in channels)
            {
                w.WriteString(key);
                w.WriteArrayHeader(symbols.Count);
                foreach (var s in symbols) w.WriteString(s);
            }
            return w.ToArray();
        }
        return Json(j =>
        {
            j.WriteStartObject();
            j.WriteString("T", "subscription");
            foreach (var (key, symbols) in channels)
            {
                j.WriteStartArray(key);
                foreach (var s in symbols) j.WriteStringValue(s);
                j.WriteEndArray();
            }
            j.WriteEndObject();
        });
    }

    private static byte[] Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var j = new Utf8JsonWriter(buffer))
        {
            j.WriteStartArray();
            body(j);
            j.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
