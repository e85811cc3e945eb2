using System.Globalization;
using System.Text;
using Torghut.Abstractions;

namespace Torghut.Tests.Analysis;

/// <summary>Builds envelope JSON exactly as the forwarder writes it (upstream-contracts §2.4).</summary>
internal static class TaEnvelopes
{
    public static readonly NanoTimestamp T0 = NanoTimestamp.Parse("2026-02-22T14:03:07Z");

    public static string Iso(NanoTimestamp t) => t.ToString();
    private static string D(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static byte[] Trade(string symbol, NanoTimestamp t, double price, double size) => Utf8(
        $$"""{"ingestTs":"{{Iso(t)}}","eventTs":"{{Iso(t)}}","feed":"alpaca","channel":"trades","symbol":"{{symbol}}","seq":1,"payload":{"S":"{{symbol}}","i":5839201,"p":{{D(price)}},"s":{{D(size)}},"c":["@"],"t":"{{Iso(t)}}"},"isFinal":true,"source":"ws","window":null,"version":1}""");

    public static byte[] Quote(string symbol, NanoTimestamp t, double bp, double bs, double ap, double @as) => Utf8(
        $$"""{"ingestTs":"{{Iso(t)}}","eventTs":"{{Iso(t)}}","feed":"alpaca","channel":"quotes","symbol":"{{symbol}}","seq":2,"payload":{"S":"{{symbol}}","bp":{{D(bp)}},"bs":{{D(bs)}},"ap":{{D(ap)}},"as":{{D(@as)}},"t":"{{Iso(t)}}"},"isFinal":true,"source":"ws","window":null,"version":1}""");

    public static byte[] Bar(string symbol, NanoTimestamp start, double o, double h, double l, double c, double v, string channel = "bars", string source = "ws") => Utf8(
        $$"""{"ingestTs":"{{Iso(start)}}","eventTs":"{{Iso(start)}}","feed":"alpaca","channel":"{{channel}}","symbol":"{{symbol}}","seq":3,"payload":{"T":"b","S":"{{symbol}}","o":{{D(o)}},"h":{{D(h)}},"l":{{D(l)}},"c":{{D(c)}},"v":{{D(v)}},"vw":null,"n":null,"t":"{{Iso(start)}}"},"isFinal":{{(channel == "updatedBars" ? "false" : "true")}},"source":"{{source}}","window":null,"version":1}""");

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    public static NanoTimestamp Ms(long ms) => T0.AddNanoseconds(ms * 1_000_000);
}
