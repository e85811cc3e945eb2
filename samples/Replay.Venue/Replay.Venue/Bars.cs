using System.Text.Json;
using Torghut.Abstractions;

namespace Replay.Venue;

/// <summary>One bar element, shared by the stream and the REST pages (same field names on both).</summary>
internal static class Bars
{
    public static Bar Read(JsonElement e, string symbol, BarKind kind) => new(symbol,
        FrameDecoder.Number(e, "open"), FrameDecoder.Number(e, "high"), FrameDecoder.Number(e, "low"),
        FrameDecoder.Number(e, "close"), FrameDecoder.Size(e, "volume"), FrameDecoder.Time(e), kind);
}
