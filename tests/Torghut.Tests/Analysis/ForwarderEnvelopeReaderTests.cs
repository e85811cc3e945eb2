using System.Globalization;
using System.Text;
using Torghut.Abstractions;
using Torghut.Host.Analysis.Parsing;
using Torghut.Host.Ingest;
using Torghut.Text;
using Torghut.Host.Transport;

namespace Torghut.Tests.Analysis;

/// <summary>
/// The parser's fast path (<see cref="ForwarderEnvelopeReader"/>) must be invisible: for any input, <c>Parse</c> (fast
/// path first) gives exactly the result, failure reason and event of the general parser alone. The fast path must also
/// actually take the forwarder's envelopes, or it would be a slower parser with extra steps.
/// </summary>
public sealed class ForwarderEnvelopeReaderTests
{
    private static readonly TopicMap Topics = new("t", "q", "b", "s");
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "AAPL", "BRK.B", "X", "SOL/USDT", "A-B_C.D/E"];

    [Fact]
    public void Every_envelope_the_forwarder_writes_takes_the_fast_path_and_matches_the_general_parser()
    {
        var rng = new Random(1234);
        var fast = new ForwarderEnvelopeReader();
        var symbols = new SymbolTable();
        foreach (var envelope in WriterEnvelopes(rng, 4000))
        {
            var ev = Sentinel();
            fast.TryRead(envelope, symbols, ref ev).ShouldBeTrue(Text(envelope));
            var general = Sentinel();
            new TaEnvelopeParser().ParseGeneral(envelope, ref general, out var failure).ShouldBe(TaParseResult.Event, Text(envelope));
            failure.ShouldBe(ParseFailureReason.None);
            Describe(ev).ShouldBe(Describe(general), Text(envelope));
        }
    }

    [Fact]
    public void Hand_laid_envelopes_with_any_number_and_timestamp_form_give_the_general_parsers_outcome()
    {
        // Same layout, but number and time texts the writer never produces: exponents, leading "0.", huge digit
        // strings, out-of-range values, -0, 1–9 fraction digits, offsets, impossible dates.
        var rng = new Random(99);
        var paths = new Paths();
        var accepted = 0;
        var lastTime = "2026-02-22T14:03:07Z";
        for (var i = 0; i < 6000; i++)
        {
            var envelope = Encoding.UTF8.GetBytes(HandLaid(rng, ref lastTime));
            if (paths.AssertSameOutcome(envelope)) accepted++;
        }
        accepted.ShouldBeGreaterThan(3000); // most are valid and must be read by the fast path
    }

    [Fact]
    public void Truncations_give_the_general_parsers_outcome()
    {
        var rng = new Random(5);
        var paths = new Paths();
        foreach (var envelope in WriterEnvelopes(rng, 12))
            for (var length = 0; length < envelope.Length; length++)
                paths.AssertSameOutcome(envelope[..length]).ShouldBeFalse(); // a cut envelope is never read by the fast path
    }

    [Fact]
    public void Byte_flips_and_inserted_whitespace_give_the_general_parsers_outcome()
    {
        var rng = new Random(6);
        var paths = new Paths();
        byte[] interesting = [.. " \t\r\n\"\\{}[],:-+.eE0159nultrfa/*"u8, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF];
        foreach (var envelope in WriterEnvelopes(rng, 400))
        {
            for (var k = 0; k < 12; k++)
            {
                var flipped = (byte[])envelope.Clone();
                var at = rng.Next(flipped.Length);
                flipped[at] = rng.Next(2) == 0 ? interesting[rng.Next(interesting.Length)] : (byte)rng.Next(256);
                paths.AssertSameOutcome(flipped);

                var at2 = rng.Next(envelope.Length + 1);
                paths.AssertSameOutcome([.. envelope[..at2], interesting[rng.Next(4)], .. envelope[at2..]]);
            }
        }
    }

    [Theory]
    // Reordered keys, extra keys, escapes, comments, whitespace, other literal forms, duplicates, trailing bytes.
    [InlineData("\"eventTs\":", "\"ingestTs\":")]
    [InlineData(",\"seq\":", ",\"extra\":{\"a\":[1,null]},\"seq\":")]
    [InlineData("\"payload\":{", "\"payload\":{\"zz\":1,")]
    [InlineData(",\"t\":", ",\"tks\":\"B\",\"t\":")]
    [InlineData("\"symbol\":\"BTC/USD\"", "\"symbol\":\"BTC\\/USD\"")]
    [InlineData("\"symbol\":\"BTC/USD\"", "\"symbol\":\"\\u0042TC/USD\"")]
    [InlineData("\"channel\":\"trades\"", "\"channel\":\"tr\\u0061des\"")]
    [InlineData("\"S\":\"BTC/USD\"", "\"S\":\"BTC\\/USD\"")]
    [InlineData("\"feed\":\"alpaca\"", "\"feed\":\"alp\u00e9ca\"")]
    [InlineData("\"feed\":\"alpaca\"", "\"feed\":\"alp\\\"aca\"")]
    [InlineData(",\"version\":1}", ",\"version\":1} ")]
    [InlineData(",\"version\":1}", ",\"version\":1}x")]
    [InlineData(",\"version\":1}", ",\"version\":1}{}")]
    [InlineData(",\"version\":1}", ",\"version\":2}")]
    [InlineData(",\"version\":1}", ",\"version\":1,\"version\":1}")]
    [InlineData(",\"isFinal\":true", ",\"isFinal\":null")]
    [InlineData(",\"isFinal\":true", ",\"isFinal\" : true")]
    [InlineData(",\"source\":\"ws\"", ",\"source\":\"replay\"")]
    [InlineData(",\"window\":null", ",\"window\":{\"size\":\"PT1S\"}")]
    [InlineData("{\"ingestTs\"", " {\"ingestTs\"")]
    [InlineData("{\"ingestTs\"", "/* c */{\"ingestTs\"")]
    [InlineData("\"p\":", "\"p\": ")]
    [InlineData("\"p\":", "\"p\":\"1\",\"q\":")]
    [InlineData("\"p\":", "\"p\":1,\"p\":")]
    [InlineData("\"c\":[\"@\"]", "\"c\":[]")]
    [InlineData("\"c\":[\"@\"]", "\"c\":[\"@\",\"I\"]")]
    [InlineData("\"c\":[\"@\"]", "\"c\":[\"@\",]")]
    [InlineData("\"c\":[\"@\"]", "\"c\":[1]")]
    [InlineData("\"c\":[\"@\"]", "\"c\":\"@\"")]
    [InlineData("\"c\":[\"@\"]", "\"c\":7")]
    [InlineData("\"seq\":1", "\"seq\":01")]
    [InlineData("\"seq\":1", "\"seq\":-")]
    [InlineData("\"seq\":1", "\"seq\":1.")]
    [InlineData("\"seq\":1", "\"seq\":\"1\"")]
    [InlineData("\"i\":5839201", "\"i\":5839201.5e3")]
    [InlineData("\"i\":5839201", "\"i\":null")]
    [InlineData("\"s\":0.5", "\"s\":.5")]
    [InlineData("\"s\":0.5", "\"s\":+0.5")]
    [InlineData("\"s\":0.5", "\"s\":0.5e")]
    [InlineData("\"s\":0.5", "\"s\":5E-1")]
    [InlineData("\"s\":0.5", "\"s\":1e400")]
    [InlineData("\"s\":0.5", "\"s\":-1e-400")]
    [InlineData("\"s\":0.5", "\"s\":\"NaN\"")]
    [InlineData("\"s\":0.5", "\"s\":Infinity")]
    [InlineData("\"s\":0.5", "\"s\":null")]
    [InlineData("\"t\":\"2026-02-22T14:03:07.5Z\"", "\"t\":\"2026-02-22T14:03:07.5+01:00\"")]
    [InlineData("\"t\":\"2026-02-22T14:03:07.5Z\"", "\"t\":\"2026-02-30T14:03:07.5Z\"")]
    [InlineData("\"t\":\"2026-02-22T14:03:07.5Z\"", "\"t\":\"2026-02-22T14:03:07.1234567890Z\"")]
    [InlineData("\"t\":\"2026-02-22T14:03:07.5Z\"", "\"t\":\"2026-02-22T14:03:07.5\\u005A\"")]
    [InlineData("\"t\":\"2026-02-22T14:03:07.5Z\"", "\"t\":1771769000")]
    public void Edited_trades_give_the_general_parsers_outcome(string find, string replace)
    {
        const string trade = """{"ingestTs":"2026-02-22T14:03:07.412518Z","eventTs":"2026-02-22T14:03:07.5Z","feed":"alpaca","channel":"trades","symbol":"BTC/USD","seq":1,"payload":{"S":"BTC/USD","i":5839201,"p":68012.4,"s":0.5,"c":["@"],"t":"2026-02-22T14:03:07.5Z"},"isFinal":true,"source":"ws","window":null,"version":1}""";
        var paths = new Paths();
        paths.AssertSameOutcome(Encoding.UTF8.GetBytes(trade)).ShouldBeTrue();
        trade.ShouldContain(find);
        paths.AssertSameOutcome(Encoding.UTF8.GetBytes(trade.Replace(find, replace)));
    }

    [Theory]
    [InlineData("\"vw\":null", "\"vw\":\"NaN\"")]
    [InlineData("\"vw\":null", "\"vw\":1e999")]
    [InlineData("\"vw\":null", "\"vw\":12.5")]
    [InlineData("\"n\":null", "\"n\":7.0")]
    [InlineData("\"n\":null", "\"n\":1e3")]
    [InlineData("\"n\":null", "\"n\":99999999999999999999")]
    [InlineData("\"n\":null", "\"n\":-12")]
    [InlineData("\"n\":null", "\"n\":\"12\"")]
    [InlineData("\"T\":\"b\",", "")]
    [InlineData("\"T\":\"b\",", "\"T\":\"b\" ,")]
    [InlineData("\"T\":\"b\",", "\"T\":1,")]
    [InlineData("\"c\":3", "\"c\":[3]")]
    [InlineData("\"c\":3", "\"c\":\"3\"")]
    [InlineData("\"h\":2,\"l\":0.5", "\"l\":0.5,\"h\":2")]
    [InlineData("\"channel\":\"bars\"", "\"channel\":\"statuses\"")]
    [InlineData("\"channel\":\"bars\"", "\"channel\":\"updatedBars\"")]
    [InlineData("\"channel\":\"bars\"", "\"channel\":\"quotes\"")]
    [InlineData("\"channel\":\"bars\"", "\"channel\":\"trades\"")]
    [InlineData("\"symbol\":\"BTC/USD\"", "\"symbol\":\"\"")]
    public void Edited_bars_give_the_general_parsers_outcome(string find, string replace)
    {
        const string bar = """{"ingestTs":"2026-02-22T14:05:12.004Z","eventTs":"2026-02-22T13:10:00Z","feed":"alpaca","channel":"bars","symbol":"BTC/USD","seq":3,"payload":{"T":"b","S":"BTC/USD","o":1,"h":2,"l":0.5,"c":3,"v":0.8231,"vw":null,"n":null,"t":"2026-02-22T13:10:00Z"},"isFinal":true,"source":"rest","window":null,"version":1}""";
        var paths = new Paths();
        paths.AssertSameOutcome(Encoding.UTF8.GetBytes(bar)).ShouldBeTrue();
        bar.ShouldContain(find);
        paths.AssertSameOutcome(Encoding.UTF8.GetBytes(bar.Replace(find, replace)));
    }

    /// <summary>
    /// Long-lived parsers, as the engine has (the fast path's symbol and timestamp caches carry over between inputs),
    /// and a fresh general parser per input.
    /// </summary>
    private sealed class Paths
    {
        private readonly TaEnvelopeParser _parser = new();
        private readonly ForwarderEnvelopeReader _fast = new();
        private readonly SymbolTable _symbols = new();

        /// <summary>Asserts Parse (fast path first) and the general parser agree; returns whether the fast path took it.</summary>
        public bool AssertSameOutcome(byte[] json)
        {
            var viaFast = Sentinel();
            var fastResult = _parser.Parse(json, ref viaFast, out var fastFailure);
            var general = Sentinel();
            var generalResult = new TaEnvelopeParser().ParseGeneral(json, ref general, out var generalFailure);
            var context = Text(json);
            (fastResult, fastFailure).ShouldBe((generalResult, generalFailure), context);
            Describe(viaFast).ShouldBe(Describe(general), context);
            var probe = Sentinel();
            var taken = _fast.TryRead(json, _symbols, ref probe);
            if (!taken) Describe(probe).ShouldBe(Describe(Sentinel()), "a declining fast path must leave the event untouched: " + context);
            else Describe(probe).ShouldBe(Describe(general), context);
            return taken;
        }
    }

    [Fact]
    public void Short_decimals_parse_to_the_same_double_as_Utf8Parser()
    {
        // JsonDouble's fast path (m / 10^k) against the reader's own parser, bit for bit, over the forms it takes.
        var rng = new Random(77);
        for (var i = 0; i < 100_000; i++)
        {
            var text = Encoding.ASCII.GetBytes((rng.Next(5) == 0 ? "-" : "") + rng.Next(6) switch
            {
                0 => "0." + Digits(rng, rng.Next(1, 23)),
                1 => Digits(rng, rng.Next(1, 17)).TrimStart('0').PadLeft(1, '7'),
                2 => rng.Next(1, 100_000).ToString(CultureInfo.InvariantCulture) + "." + Digits(rng, rng.Next(1, 10)),
                3 => "9007199254740" + Digits(rng, 3) + (rng.Next(2) == 0 ? "" : "." + Digits(rng, rng.Next(1, 4))),
                4 => Digits(rng, 1).Replace("0", "1") + Digits(rng, rng.Next(0, 19)) + "." + Digits(rng, rng.Next(1, 20)),
                _ => Math.Round(rng.NextDouble() * Math.Pow(10, rng.Next(0, 8)), rng.Next(0, 10)).ToString("R", CultureInfo.InvariantCulture),
            });
            if (text.AsSpan().IndexOfAny((byte)'E', (byte)'e') >= 0) continue; // "R" chose an exponent: not this test's subject
            System.Buffers.Text.Utf8Parser.TryParse(text, out double expected, out _).ShouldBeTrue();
            JsonDouble.TryParse(text, out var actual).ShouldBeTrue(Encoding.ASCII.GetString(text));
            BitConverter.DoubleToInt64Bits(actual).ShouldBe(BitConverter.DoubleToInt64Bits(expected), Encoding.ASCII.GetString(text));
        }
    }

    [Fact]
    public void Timestamps_sharing_a_second_parse_as_NanoTimestamp_parses_them()
    {
        var rng = new Random(8);
        var cache = new TimestampCache();
        var prefix = "2026-02-22T14:03:07";
        for (var i = 0; i < 20_000; i++)
        {
            if (rng.Next(20) == 0) prefix = TimeText(rng)[..19];
            var suffix = rng.Next(8) switch
            {
                0 => "Z",
                1 => "z",
                2 => $"+{rng.Next(24):00}:{rng.Next(60):00}",
                3 => "." + Digits(rng, rng.Next(0, 12)) + "Z",
                4 => "." + Digits(rng, rng.Next(1, 10)),
                5 => "Z ",
                _ => "." + Digits(rng, rng.Next(1, 10)) + "Z",
            };
            var text = Encoding.ASCII.GetBytes(prefix + suffix);
            var expectedOk = NanoTimestamp.TryParse(text, out var expected);
            cache.TryParse(text, out var actual).ShouldBe(expectedOk, prefix + suffix);
            if (expectedOk) actual.ShouldBe(expected, prefix + suffix);
        }
    }

    /// <summary>Every field, doubles as bits (so -0 and 0, or two NaNs, are told apart).</summary>
    private static string Describe(TaEvent e)
    {
        static string B(double d) => BitConverter.DoubleToInt64Bits(d).ToString("X16", CultureInfo.InvariantCulture);
        static string N(double? d) => d is { } v ? B(v) : "null";
        return $"{e.Kind} {e.Symbol} {e.Time.UnixNanoseconds} p={B(e.Price)} s={B(e.Size)} bid={B(e.BidPx)}/{B(e.BidSz)} ask={B(e.AskPx)}/{B(e.AskSz)} " +
               $"ohlcv={B(e.Open)},{B(e.High)},{B(e.Low)},{B(e.Close)},{B(e.Volume)} vw={N(e.Vwap)} n={e.TradeCount?.ToString(CultureInfo.InvariantCulture) ?? "null"} " +
               $"final={e.IsFinal} ch={e.Channel} src={e.Source}";
    }

    /// <summary>An event full of values no parse produces, so a field one path writes and the other does not shows.</summary>
    private static TaEvent Sentinel() => new()
    {
        Kind = TaEventKind.None, Symbol = "sentinel", Time = new NanoTimestamp(-7), Price = -1.5, Size = -2.5,
        BidPx = -3.5, BidSz = -4.5, AskPx = -5.5, AskSz = -6.5, Open = -7.5, High = -8.5, Low = -9.5, Close = -10.5,
        Volume = -11.5, Vwap = -12.5, TradeCount = -13, IsFinal = false, Channel = (BarChannel)7, Source = "sentinel",
    };

    private static string Text(byte[] json) => Encoding.UTF8.GetString(json);

    /// <summary>Envelopes from the host's own EnvelopeWriter: every channel and optional key, extreme values.</summary>
    private static List<byte[]> WriterEnvelopes(Random rng, int count)
    {
        var seq = 1_700_000_000_000_000L;
        var stream = NanoTimestamp.FromUnix(1_771_769_000L);
        var writer = new EnvelopeWriter("alpaca", Topics, new SequenceClock(() => seq += rng.Next(1, 1000)), () => RandomTime(rng));
        var result = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            if (rng.Next(4) == 0) writer.BeginFrame();
            var symbol = Symbols[rng.Next(Symbols.Length)];
            // Half the times advance like a live stream (same second, new fraction, often), half jump anywhere.
            var t = rng.Next(2) == 0 ? RandomTime(rng) : stream = stream.AddNanoseconds(rng.Next(4) switch { 0 => 0, 1 => 1_000_000 * rng.Next(300), 2 => 1000 * rng.Next(300_000), _ => rng.Next(300_000_000) });
            var record = rng.Next(3) switch
            {
                0 => writer.Trade(new Trade(symbol, RandomDouble(rng), RandomDouble(rng), t,
                    Maybe(rng, () => rng.NextInt64(long.MinValue, long.MaxValue)), MaybeRef(rng, () => "V"), MaybeRef(rng, () => Conditions(rng)),
                    MaybeRef(rng, () => "C"), MaybeRef(rng, () => "B"))),
                1 => writer.Quote(new Quote(symbol, RandomDouble(rng), RandomDouble(rng), RandomDouble(rng), RandomDouble(rng), t,
                    MaybeRef(rng, () => "Q"), MaybeRef(rng, () => "K"), MaybeRef(rng, () => Conditions(rng)), MaybeRef(rng, () => "A"))),
                _ => writer.Bar(new Bar(symbol, RandomDouble(rng), RandomDouble(rng), RandomDouble(rng), RandomDouble(rng), RandomDouble(rng), t,
                        rng.Next(2) == 0 ? BarKind.Minute : BarKind.Updated, Maybe(rng, () => RandomDouble(rng)), Maybe(rng, () => rng.NextInt64(0, long.MaxValue))),
                    rng.Next(3) == 0 ? EnvelopeSource.Rest : EnvelopeSource.Ws),
            };
            result.Add(record.Value.ToArray());
        }
        return result;
    }

    // Alpaca condition codes are letters, digits, '@' and ' ' (characters the writer never escapes; '<' etc. it would).
    private static IReadOnlyList<string> Conditions(Random rng) =>
        Enumerable.Range(0, rng.Next(4)).Select(_ => "@ITFZ47 "[rng.Next(8)].ToString()).ToArray();

    private static T? Maybe<T>(Random rng, Func<T> value) where T : struct => rng.Next(2) == 0 ? value() : null;
    private static T? MaybeRef<T>(Random rng, Func<T> value) where T : class => rng.Next(2) == 0 ? value() : null;

    /// <summary>Times from 1970 to 9999 with 0, 3, 6 or 9 fraction digits (what NanoTimestamp prints).</summary>
    private static NanoTimestamp RandomTime(Random rng)
    {
        var seconds = rng.Next(3) == 0 ? rng.NextInt64(0, 253_402_300_799L) : 1_771_769_000L + rng.Next(100_000);
        int nanos = rng.Next(4) switch { 0 => 0, 1 => rng.Next(1000) * 1_000_000, 2 => rng.Next(1_000_000) * 1000, _ => rng.Next(1_000_000_000) };
        return NanoTimestamp.FromUnix(seconds, nanos);
    }

    private static double RandomDouble(Random rng) => rng.Next(8) switch
    {
        0 => Math.Round(rng.NextDouble() * 100_000, rng.Next(0, 10)),
        1 => Math.Round(rng.NextDouble(), rng.Next(0, 10)),
        2 => BitConverter.Int64BitsToDouble(rng.NextInt64(0, 0x7FF0_0000_0000_0000L)) * (rng.Next(2) == 0 ? 1 : -1), // any finite double
        3 => new[] { 0.0, -0.0, double.MaxValue, double.MinValue, double.Epsilon, -double.Epsilon, 1e15, 1e-5, 1e21, 123456789012345680000.0, 0.1 + 0.2 }[rng.Next(11)],
        4 => rng.Next(-1000, 1000),
        5 => rng.NextDouble() * Math.Pow(10, rng.Next(-30, 30)),
        _ => Math.Round(20_000 + rng.NextDouble() * 50_000, 2),
    };

    /// <summary>The writer's layout, laid by hand with number and time texts the writer never produces.</summary>
    private static string HandLaid(Random rng, ref string lastTime)
    {
        var symbol = Symbols[rng.Next(Symbols.Length)];
        var t = TimeText(rng);
        // Often the same second as the previous envelope with another fraction (and zone), as a stream has.
        if (rng.Next(2) == 0 && lastTime.Length >= 19) t = lastTime[..19] + TimeText(rng)[19..];
        lastTime = t;
        var head = $$"""{"ingestTs":"{{TimeText(rng)}}","eventTs":"{{t}}","feed":"alpaca","channel":""";
        string channel, payload;
        switch (rng.Next(3))
        {
            case 0:
                channel = "trades";
                payload = $$"""{"S":"{{symbol}}"{{(rng.Next(2) == 0 ? $",\"i\":{NumberText(rng)}" : "")}},"p":{{NumberText(rng)}},"s":{{NumberText(rng)}}{{(rng.Next(2) == 0 ? ",\"c\":[\" \",\"I\"]" : "")}},"t":"{{t}}"}""";
                break;
            case 1:
                channel = "quotes";
                payload = $$"""{"S":"{{symbol}}","bp":{{NumberText(rng)}},"bs":{{NumberText(rng)}},"ap":{{NumberText(rng)}},"as":{{NumberText(rng)}},"t":"{{t}}"{{(rng.Next(2) == 0 ? ",\"z\":\"A\"" : "")}}}""";
                break;
            default:
                channel = rng.Next(2) == 0 ? "bars" : "updatedBars";
                var vw = rng.Next(3) switch { 0 => "", 1 => ",\"vw\":null", _ => $",\"vw\":{NumberText(rng)}" };
                var n = rng.Next(4) switch { 0 => "", 1 => ",\"n\":null", 2 => $",\"n\":{NumberText(rng)}", _ => $",\"n\":{rng.NextInt64(-5, long.MaxValue)}" };
                payload = $$"""{"S":"{{symbol}}","o":{{NumberText(rng)}},"h":{{NumberText(rng)}},"l":{{NumberText(rng)}},"c":{{NumberText(rng)}},"v":{{NumberText(rng)}}{{vw}}{{n}},"t":"{{t}}"}""";
                break;
        }
        var final = rng.Next(2) == 0 ? "true" : "false";
        var source = rng.Next(2) == 0 ? "ws" : "rest";
        return head + "\"" + $$"""{{channel}}","symbol":"{{symbol}}","seq":{{NumberText(rng)}},"payload":{{payload}},"isFinal":{{final}},"source":"{{source}}","window":null,"version":1}""";
    }

    private static string NumberText(Random rng)
    {
        var sign = rng.Next(4) == 0 ? "-" : "";
        var digits = rng.Next(6) switch
        {
            0 => "0",
            1 => rng.Next(1, 10).ToString(CultureInfo.InvariantCulture) + Digits(rng, rng.Next(0, 40)),
            _ => rng.Next(1, 100_000).ToString(CultureInfo.InvariantCulture),
        };
        var fraction = rng.Next(3) == 0 ? "" : "." + Digits(rng, rng.Next(1, 25));
        var exponent = rng.Next(3) != 0 ? "" : (rng.Next(2) == 0 ? "e" : "E") + new[] { "", "+", "-" }[rng.Next(3)] + rng.Next(0, 400).ToString(CultureInfo.InvariantCulture);
        return sign + digits + fraction + exponent;
    }

    private static string Digits(Random rng, int count) =>
        new(Enumerable.Range(0, count).Select(_ => (char)('0' + rng.Next(10))).ToArray());

    private static string TimeText(Random rng)
    {
        var valid = rng.Next(20) != 0;
        var day = valid ? rng.Next(1, 29) : rng.Next(29, 40);
        var text = $"{rng.Next(1, 10000):0000}-{rng.Next(1, 13):00}-{day:00}T{rng.Next(24):00}:{rng.Next(60):00}:{rng.Next(61):00}";
        var fraction = rng.Next(11); // 0–9 digits, and sometimes 10 (rejected)
        if (fraction > 0) text += "." + Digits(rng, fraction);
        return text + rng.Next(4) switch { 0 => $"+{rng.Next(24):00}:{rng.Next(60):00}", 1 => "z", _ => "Z" };
    }
}
