using System.Text.Json;
using Torghut.Abstractions;

namespace Torghut.Host.Ingest.Repair;

/// <summary>
/// What repair needs to know of an envelope already in a topic (read back at start, or returned by a failed
/// delivery): its channel, symbol, event time, and the venue identity of its trade or quote, or its bar's version.
/// Read with JsonDocument: this runs at lane start and on failures, never per live message.
/// </summary>
public readonly record struct EnvelopeFacts(string Channel, string Symbol, NanoTimestamp EventTs, EventKey? Key, BarVersion? Bar)
{
    public static bool TryParse(ReadOnlyMemory<byte> value, out EnvelopeFacts facts)
    {
        facts = default;
        try
        {
            using var doc = JsonDocument.Parse(value);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("channel", out var channelEl) || channelEl.GetString() is not { } channel
                || !root.TryGetProperty("symbol", out var symbolEl) || symbolEl.GetString() is not { } symbol
                || !root.TryGetProperty("eventTs", out var tsEl) || !NanoTimestamp.TryParse(tsEl.GetString(), out var ts)
                || !root.TryGetProperty("payload", out var p) || p.ValueKind != JsonValueKind.Object)
                return false;
            EventKey? key = null;
            BarVersion? bar = null;
            switch (channel)
            {
                case "trades":
                    key = EventKey.OfTrade(Long(p, "i"), Text(p, "x"), ts, Num(p, "p"), Num(p, "s"));
                    break;
                case "quotes":
                    key = EventKey.OfQuote(new Quote(symbol, Num(p, "bp"), Num(p, "bs"), Num(p, "ap"), Num(p, "as"), ts, Text(p, "bx"), Text(p, "ax")));
                    break;
                case "bars" or "updatedBars":
                    bar = new BarVersion(BarVersion.Hash(Num(p, "o"), Num(p, "h"), Num(p, "l"), Num(p, "c"), Num(p, "v")), channel == "updatedBars");
                    break;
            }
            facts = new EnvelopeFacts(channel, symbol, ts, key, bar);
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return false;
        }
    }

    private static double Num(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : 0;

    private static long? Long(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var l) ? l : null;

    private static string? Text(JsonElement p, string name) => p.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
