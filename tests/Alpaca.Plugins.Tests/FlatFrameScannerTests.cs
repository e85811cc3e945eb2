using System.Globalization;
using System.Text;
using Alpaca.Shared;
using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

/// <summary>
/// The decoder's fast path (<see cref="FlatFrameScanner"/>) must be invisible: any frame gives the same sink calls, in
/// the same order, with or without it — records, decode errors (index, type, reason), control messages. And it must
/// actually take the stream's ordinary frames.
/// </summary>
public sealed class FlatFrameScannerTests
{
    private static readonly CryptoSymbolCodec Codec = new();
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD", "btcusd", "AAVE/USDT", "X", "BAD SYMBOL"];

    [Fact]
    public void Stream_frames_take_the_fast_path_and_decode_as_the_tokenizer_path_does()
    {
        var rng = new Random(11);
        var pair = new DecoderPair();
        for (var i = 0; i < 3000; i++)
        {
            var frame = Frame(rng, clean: true);
            pair.AssertSameCalls(frame).ShouldBeTrue(Encoding.UTF8.GetString(frame));
        }
    }

    [Fact]
    public void Frames_with_odd_values_keys_and_types_decode_as_the_tokenizer_path_does()
    {
        var rng = new Random(12);
        var pair = new DecoderPair();
        var fast = 0;
        for (var i = 0; i < 4000; i++)
            if (pair.AssertSameCalls(Frame(rng, clean: false))) fast++;
        fast.ShouldBeGreaterThan(150); // frames whose odd values are still flat (bad numbers or times, missing keys) are scanned, not declined
    }

    [Fact]
    public void Mutated_frames_decode_as_the_tokenizer_path_does()
    {
        var rng = new Random(13);
        var pair = new DecoderPair();
        byte[] interesting = [.. " \t\r\n\"\\{}[],:-+.eE0159nultrfa/*"u8, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xFF];
        for (var i = 0; i < 600; i++)
        {
            var frame = Frame(rng, clean: true);
            for (var k = 0; k < 8; k++)
            {
                var flipped = (byte[])frame.Clone();
                flipped[rng.Next(flipped.Length)] = rng.Next(2) == 0 ? interesting[rng.Next(interesting.Length)] : (byte)rng.Next(256);
                pair.AssertSameCalls(flipped);
                var at = rng.Next(frame.Length + 1);
                pair.AssertSameCalls([.. frame[..at], interesting[rng.Next(interesting.Length)], .. frame[at..]]);
            }
            pair.AssertSameCalls(frame[..rng.Next(frame.Length)]);
        }
    }

    [Theory]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"t":"2024-03-12T10:27:48.5Z","i":1,"tks":"B"}] """)]
    [InlineData("""[{"T":"t","S":"BTC\/USD","p":1,"s":2,"t":"2024-03-12T10:27:48.5Z"}]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"t":"2024-03-12T10:27:48.5Z","extra":[1,{"a":null}]}]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"t":"2024-03-12T10:27:48.5Z"},{"T":"success","msg":"authenticated"}]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"t":"2024-03-12T10:27:48.5Z"},{"T":"t","S":"BTC/USD","p":1e999,"s":2,"t":"x"},{"T":"t"]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"t":"2024-03-12T10:27:48.5Z"},7,{"T":"q"}]""")]
    [InlineData("""[{"T":"b","S":"BTC/USD","o":1,"h":1,"l":1,"c":[1],"v":0,"t":"2024-03-12T10:37:00Z"}]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"c":1,"t":"2024-03-12T10:27:48.5Z"}]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"c":"@","t":"2024-03-12T10:27:48.5Z"}]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"i":1.0,"t":"2024-03-12T10:27:48.5Z"}]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"s":2,"i":99999999999999999999,"t":"2024-03-12T10:27:48.5Z"}]""")]
    [InlineData("""[{"T":"t","T":"q","S":"BTC/USD","p":1,"s":2,"t":"2024-03-12T10:27:48.5Z"}]""")]
    [InlineData("""[{"T":"t","S":"BTC/USD","p":1,"p":null,"s":2,"t":"2024-03-12T10:27:48.5Z"}]""")]
    [InlineData("""{"T":"q","S":"ETH/USD","bp":1,"bs":2,"ap":3,"as":4,"t":"2024-03-12T10:27:48Z"}""")]
    [InlineData("""{"T":"q","S":"ETH/USD","bp":1,"bs":2,"ap":3,"as":4,"t":"2024-03-12T10:27:48Z"}{}""")]
    [InlineData("""[{}]""")]
    [InlineData("""[]""")]
    [InlineData("""[{"T":"x","S":"ETH/USD"}]""")]
    [InlineData("""// c""" + "\n" + """[{"T":"t","S":"BTC/USD","p":1,"s":2,"t":"2024-03-12T10:27:48.5Z"}]""")]
    public void Edge_frames_decode_as_the_tokenizer_path_does(string json) =>
        new DecoderPair().AssertSameCalls(Encoding.UTF8.GetBytes(json));

    private sealed class DecoderPair
    {
        private readonly AlpacaFrameDecoder _fast = new(Canonical);
        private readonly AlpacaFrameDecoder _tokenizer = new(Canonical, flatFastPath: false);
        private readonly FlatFrameScanner _probe = new(new ElementReader(new Utf8StringTable(64, Canonical), new Utf8StringTable(64)));

        private static string Canonical(string s) => Codec.Canonicalize(s).Symbol ?? s;

        /// <summary>Asserts both decoders make the same calls; returns whether the fast path took the frame.</summary>
        public bool AssertSameCalls(byte[] frame)
        {
            var viaFast = new RecordingSink();
            _fast.Decode(frame, viaFast);
            var viaTokenizer = new RecordingSink();
            _tokenizer.Decode(frame, viaTokenizer);
            var context = Encoding.UTF8.GetString(frame);
            viaFast.Events.Select(Describe).ToList().ShouldBe(viaTokenizer.Events.Select(Describe).ToList(), context);
            return _probe.TryScan(frame);
        }
    }

    private static string Describe(object e) => e switch
    {
        Trade t => $"{t with { Conditions = null }} c=[{Join(t.Conditions)}] p={Bits(t.Price)} s={Bits(t.Size)}",
        Quote q => $"{q with { Conditions = null }} c=[{Join(q.Conditions)}] {Bits(q.BidPrice)} {Bits(q.BidSize)} {Bits(q.AskPrice)} {Bits(q.AskSize)}",
        Bar b => $"{b} {Bits(b.Open)} {Bits(b.High)} {Bits(b.Low)} {Bits(b.Close)} {Bits(b.Volume)} {(b.Vwap is { } v ? Bits(v) : "-")}",
        ControlMessage c => $"{c with { Subscriptions = null }} {string.Join(";", (c.Subscriptions ?? new Dictionary<string, IReadOnlyList<string>>()).Select(kv => kv.Key + "=" + Join(kv.Value)))}",
        OrderBookUpdate o => $"book {o.Symbol} {o.Timestamp} {string.Join(",", o.Bids)} / {string.Join(",", o.Asks)} {o.Reset}",
        _ => e.ToString() ?? "",
    };

    private static string Join(IReadOnlyList<string>? list) => list is null ? "null" : string.Join("|", list);
    private static string Bits(double d) => BitConverter.DoubleToInt64Bits(d).ToString("X16", CultureInfo.InvariantCulture);

    /// <summary>A frame of 1–10 elements; clean = only what the stream sends (the fast path must take it).</summary>
    private static byte[] Frame(Random rng, bool clean)
    {
        var n = rng.Next(1, 11);
        var elements = Enumerable.Range(0, n).Select(_ => Element(rng, clean)).ToList();
        var text = n == 1 && rng.Next(4) == 0 ? elements[0] : "[" + string.Join(",", elements) + "]";
        return Encoding.UTF8.GetBytes(text);
    }

    private static string Element(Random rng, bool clean)
    {
        var symbol = Symbols[rng.Next(clean ? 3 : Symbols.Length)];
        var keys = new List<(string Key, string Value)>();
        switch (rng.Next(clean ? 4 : 6))
        {
            case 0:
                keys.AddRange([("T", "\"t\""), ("S", Q(symbol)), ("p", Num(rng, clean)), ("s", Num(rng, clean)), ("t", Time(rng, clean)), ("i", Int(rng, clean)), ("tks", Q(rng.Next(2) == 0 ? "B" : "S"))]);
                if (rng.Next(3) == 0) keys.Add(("c", rng.Next(2) == 0 ? "[\"@\",\"I\"]" : "[]"));
                if (rng.Next(3) == 0) keys.Add(("x", Q("V")));
                if (rng.Next(3) == 0) keys.Add(("z", Q("C")));
                break;
            case 1:
                keys.AddRange([("T", "\"q\""), ("S", Q(symbol)), ("bp", Num(rng, clean)), ("bs", Num(rng, clean)), ("ap", Num(rng, clean)), ("as", Num(rng, clean)), ("t", Time(rng, clean))]);
                if (rng.Next(3) == 0) keys.AddRange([("bx", Q("Q")), ("ax", Q("K"))]);
                break;
            case 2:
            case 3:
                keys.AddRange([("T", Q(new[] { "b", "u", "d" }[rng.Next(3)])), ("S", Q(symbol)), ("o", Num(rng, clean)), ("h", Num(rng, clean)), ("l", Num(rng, clean)), ("c", Num(rng, clean)), ("v", Num(rng, clean)), ("t", Time(rng, clean)), ("n", Int(rng, clean)), ("vw", Num(rng, clean))]);
                break;
            case 4:
                keys.AddRange([("T", Q(new[] { "s", "o", "success", "error", "subscription", "zz", "t" }[rng.Next(7)])), ("S", Q(symbol)), ("t", Time(rng, clean))]);
                if (rng.Next(2) == 0) keys.Add(("msg", Q("authenticated")));
                if (rng.Next(2) == 0) keys.Add(("code", Int(rng, clean)));
                if (rng.Next(2) == 0) keys.Add(("trades", "[\"BTC/USD\"]"));
                break;
            default:
                keys.AddRange([("T", rng.Next(2) == 0 ? "1" : "null"), ("S", rng.Next(2) == 0 ? "null" : Q(symbol)), ("p", Q("1")), ("s", "true"), ("t", "null")]);
                break;
        }
        if (!clean)
        {
            if (rng.Next(4) == 0) keys.RemoveAt(rng.Next(keys.Count));
            if (rng.Next(6) == 0) keys.Add(keys[rng.Next(keys.Count)]);
        }
        // Alpaca's order is fixed per type, but nothing promises it: shuffle sometimes.
        if (rng.Next(4) == 0) keys = keys.OrderBy(_ => rng.Next()).ToList();
        return "{" + string.Join(",", keys.Select(k => $"\"{k.Key}\":{k.Value}")) + "}";
    }

    private static string Q(string s) => "\"" + s + "\"";

    private static string Num(Random rng, bool clean)
    {
        if (clean || rng.Next(3) != 0)
            return rng.Next(3) switch
            {
                0 => Math.Round(rng.NextDouble() * 70_000, rng.Next(0, 5)).ToString("R", CultureInfo.InvariantCulture),
                1 => Math.Round(rng.NextDouble() * 3, 9).ToString("R", CultureInfo.InvariantCulture),
                _ => rng.Next(0, 100).ToString(CultureInfo.InvariantCulture),
            };
        return new[] { "1e400", "-1e400", "-0", "0.000", "1E+5", "2.5e-3", "123456789012345678901234567890", "4.9e-324", "1.7976931348623157e308", "-12.75", "0.1", "\"1.5\"", "null", "[1]", "01", "1.", "-" }[rng.Next(17)];
    }

    private static string Int(Random rng, bool clean)
    {
        if (clean || rng.Next(3) != 0) return rng.NextInt64(0, long.MaxValue).ToString(CultureInfo.InvariantCulture);
        return new[] { "1.0", "1e3", "-5", "9223372036854775808", "-9223372036854775808", "\"7\"", "null", "0" }[rng.Next(8)];
    }

    private static string Time(Random rng, bool clean)
    {
        var baseTime = new DateTime(2024, 3, 12, 10, 27, 48, DateTimeKind.Utc).AddSeconds(rng.Next(0, 5));
        var text = baseTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var digits = rng.Next(0, 10);
        if (digits > 0) text += "." + rng.NextInt64(0, 1_000_000_000).ToString("000000000", CultureInfo.InvariantCulture)[..digits];
        text += "Z";
        if (!clean && rng.Next(4) == 0)
            text = new[] { "2024-02-30T10:00:00Z", "2024-03-12T10:27:48.1234567890Z", "2024-03-12T10:27:48+01:00", "2024-03-12", "yesterday", "2024-03-12T10:27:48.5z" }[rng.Next(6)];
        return Q(text);
    }
}
