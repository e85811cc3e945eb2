using Torghut.Host.Analysis;
using Torghut.Host.Analysis.Parsing;
using static Torghut.Tests.Analysis.TaEnvelopes;

namespace Torghut.Tests.Analysis;

public sealed class TaEnvelopeParserTests
{
    private static (TaParseResult Result, TaEvent Event, ParseFailureReason Failure) Parse(string json)
    {
        var parser = new TaEnvelopeParser();
        var ev = new TaEvent();
        var result = parser.Parse(Utf8(json), ref ev, out var failure);
        return (result, ev, failure);
    }

    [Fact]
    public void Reads_the_documented_trade_with_nine_fraction_digits_and_fractional_size()
    {
        var (result, ev, _) = Parse("""{"ingestTs":"2026-02-22T14:03:07.412518Z","eventTs":"2026-02-22T14:03:07.389114253Z","feed":"alpaca","channel":"trades","symbol":"BTC/USD","seq":48211,"payload":{"S":"BTC/USD","i":5839201,"p":68012.4,"s":0.00421,"t":"2026-02-22T14:03:07.389114253Z"},"isFinal":true,"source":"ws","window":null,"version":1}""");
        result.ShouldBe(TaParseResult.Event);
        ev.Kind.ShouldBe(TaEventKind.Trade);
        ev.Symbol.ShouldBe("BTC/USD");
        ev.Price.ShouldBe(68012.4);
        ev.Size.ShouldBe(0.00421);
        ev.Time.ToString().ShouldBe("2026-02-22T14:03:07.389114253Z");
    }

    [Fact]
    public void Still_skips_comments_after_the_strict_fast_path_rejects_them()
    {
        // The parser reads strictly first (faster) and retries with comments skipped; outcomes must match the old parser.
        // Single quotes stand for double quotes, so the line comment can end in a real newline.
        var (result, ev, _) = Parse(("{'ingestTs':'2026-02-22T14:03:07Z', /* note */ 'eventTs':'2026-02-22T14:03:07Z','feed':'alpaca'," +
            "'channel':'trades','symbol':'BTC/USD','seq':1,'payload':{'S':'BTC/USD','p':68012.4, // size next\n" +
            "'s':0.5,'t':'2026-02-22T14:03:07.1Z'},'isFinal':true,'source':'ws','window':null,'version':1}").Replace('\'', '"'));
        result.ShouldBe(TaParseResult.Event);
        (ev.Kind, ev.Symbol, ev.Price, ev.Size).ShouldBe((TaEventKind.Trade, "BTC/USD", 68012.4, 0.5));

        var (bad, _, failure) = Parse("{\"ingestTs\":\"x\", /* unterminated");
        (bad, failure).ShouldBe((TaParseResult.Failed, ParseFailureReason.MalformedJson));
    }

    [Fact]
    public void Reads_quotes_and_rest_bars_with_explicit_nulls()
    {
        var (qr, q, _) = Parse("""{"ingestTs":"2026-02-22T14:03:07.415002Z","eventTs":"2026-02-22T14:03:07.401877120Z","feed":"alpaca","channel":"quotes","symbol":"ETH/USD","seq":90314,"payload":{"S":"ETH/USD","bp":1973.12,"bs":2.5755,"ap":1973.96,"as":1.27105,"t":"2026-02-22T14:03:07.401877120Z"},"isFinal":true,"source":"ws","window":null,"version":1}""");
        qr.ShouldBe(TaParseResult.Event);
        (q.Kind, q.BidPx, q.BidSz, q.AskPx, q.AskSz).ShouldBe((TaEventKind.Quote, 1973.12, 2.5755, 1973.96, 1.27105));

        var (br, b, _) = Parse("""{"ingestTs":"2026-02-22T14:05:12.004Z","eventTs":"2026-02-22T13:10:00Z","feed":"alpaca","channel":"bars","symbol":"BTC/USD","seq":3,"payload":{"T":"b","S":"BTC/USD","o":67950.1,"h":67990.0,"l":67941.5,"c":67980.6,"v":0.8231,"vw":null,"n":null,"t":"2026-02-22T13:10:00Z"},"isFinal":true,"source":"rest","window":null,"version":1}""");
        br.ShouldBe(TaParseResult.Event);
        (b.Kind, b.Open, b.High, b.Low, b.Close, b.Volume, b.Vwap, b.TradeCount, b.Source, b.Channel)
            .ShouldBe((TaEventKind.Bar1m, 67950.1, 67990.0, 67941.5, 67980.6, 0.8231, (double?)null, (long?)null, "rest", BarChannel.Bars));
        b.Time.ToString().ShouldBe("2026-02-22T13:10:00Z");

        var (ur, u, _) = Parse("""{"ingestTs":"2026-02-20T15:31:31.220Z","eventTs":"2026-02-20T15:30:00Z","feed":"alpaca","channel":"updatedBars","symbol":"NVDA","seq":77120,"payload":{"S":"NVDA","o":188.1,"h":188.4,"l":187.95,"c":188.32,"v":40211.0,"vw":188.2,"n":512,"t":"2026-02-20T15:30:00Z"},"isFinal":false,"source":"ws","window":null,"version":1}""");
        ur.ShouldBe(TaParseResult.Event);
        (u.Channel, u.IsFinal, u.Vwap, u.TradeCount).ShouldBe((BarChannel.UpdatedBars, false, (double?)188.2, (long?)512));
    }

    [Fact]
    public void Unknown_keys_anywhere_are_ignored_and_key_order_does_not_matter()
    {
        var (result, ev, _) = Parse("""{"payload":{"tks":"B","p":1.5,"extra":{"a":[1,2,{"b":null}]},"s":2,"t":"2026-02-22T14:03:07Z"},"provider":"alpaca","marketSession":"regular","symbol":"SOL\/USD","seq":1,"channel":"trades","feed":"us","eventTs":"x","ingestTs":"y","accountLabel":null}""");
        result.ShouldBe(TaParseResult.Event);
        ev.Symbol.ShouldBe("SOL/USD");
        (ev.Price, ev.Size).ShouldBe((1.5, 2.0));
    }

    [Fact]
    public void Other_channels_are_ignored_not_failed()
    {
        Parse("""{"ingestTs":"a","eventTs":"b","feed":"alpaca","channel":"status","symbol":"NVDA","seq":5,"payload":{"S":"NVDA","t":"2026-02-20T14:30:00Z"}}""")
            .Result.ShouldBe(TaParseResult.IgnoredChannel);
    }

    [Theory]
    [InlineData("""{"eventTs":"b","feed":"f","channel":"trades","symbol":"X","seq":1,"payload":{"p":1,"s":1,"t":"2026-02-22T14:03:07Z"}}""", ParseFailureReason.MissingEnvelopeKey)]
    [InlineData("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"trades","symbol":"X","seq":1}""", ParseFailureReason.MissingEnvelopeKey)]
    [InlineData("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"trades","symbol":"X","seq":1,"payload":{"p":1,"t":"2026-02-22T14:03:07Z"}}""", ParseFailureReason.MissingPayloadKey)]
    [InlineData("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"quotes","symbol":"X","seq":1,"payload":{"bp":1,"bs":1,"ap":1,"t":"2026-02-22T14:03:07Z"}}""", ParseFailureReason.MissingPayloadKey)]
    [InlineData("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"trades","symbol":"X","seq":1,"payload":{"p":1,"s":1,"t":"yesterday"}}""", ParseFailureReason.InvalidValue)]
    [InlineData("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"trades","symbol":"X","seq":1,"payload":{"p":"NaN","s":1,"t":"2026-02-22T14:03:07Z"}}""", ParseFailureReason.NonFiniteNumber)]
    [InlineData("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"trades","symbol":"X","seq":1,"payload":{"p":1e999,"s":1,"t":"2026-02-22T14:03:07Z"}}""", ParseFailureReason.NonFiniteNumber)]
    [InlineData("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"bars","symbol":"X","seq":1,"payload":{"o":1,"h":"Infinity","l":1,"c":1,"v":1,"t":"2026-02-22T14:03:07Z"}}""", ParseFailureReason.NonFiniteNumber)]
    [InlineData("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"trades","symbol":"X","seq":1,"payload":{"p":NaN,"s":1,"t":"2026-02-22T14:03:07Z"}}""", ParseFailureReason.MalformedJson)]
    [InlineData("""{"ingestTs":"a","eventTs":""", ParseFailureReason.MalformedJson)]
    [InlineData("""[1,2]""", ParseFailureReason.MalformedJson)]
    [InlineData("", ParseFailureReason.MalformedJson)]
    public void Bad_envelopes_fail_with_a_reason_and_never_throw(string json, ParseFailureReason reason)
    {
        var (result, _, failure) = Parse(json);
        result.ShouldBe(TaParseResult.Failed);
        failure.ShouldBe(reason);
    }

    [Fact]
    public void The_engine_counts_failures_by_reason_and_emits_nothing()
    {
        var engine = new TaEngine();
        var output = new TaOutput();
        engine.OnEnvelope(Utf8("""{"nope":"""), T0, output);
        engine.OnEnvelope(Utf8("""{"ingestTs":"a","eventTs":"b","feed":"f","channel":"trades","symbol":"X","seq":1,"payload":{"p":"NaN","s":1,"t":"2026-02-22T14:03:07Z"}}"""), T0, output);
        engine.OnEnvelope(Trade("X", T0, 1, 1), T0, output);
        engine.Counters.ParseFailures.ShouldBe(2);
        engine.Counters.ParseFailuresFor(ParseFailureReason.MalformedJson).ShouldBe(1);
        engine.Counters.ParseFailuresFor(ParseFailureReason.NonFiniteNumber).ShouldBe(1);
        engine.Counters.Trades.ShouldBe(1);
        output.Microbars.ShouldBeEmpty();
    }
}
