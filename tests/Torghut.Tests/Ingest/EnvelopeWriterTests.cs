using System.Text;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Transport;

namespace Torghut.Tests.Ingest;

/// <summary>Envelopes must be byte-for-byte what upstream-contracts §2.4 documents (the design-date examples).</summary>
public sealed class EnvelopeWriterTests
{
    private static readonly TopicMap Topics = new("torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1", "torghut.status.v1");

    private static EnvelopeWriter Writer(string ingestTs, long seq) =>
        new("alpaca", Topics, new SequenceClock(() => seq), () => NanoTimestamp.Parse(ingestTs));

    private static string Text(Torghut.Host.Transport.TransportRecord r) => Encoding.UTF8.GetString(r.Value.Span);

    private static NanoTimestamp T(string s) => NanoTimestamp.Parse(s);

    [Fact]
    public void Trade_matches_the_documented_envelope_exactly()
    {
        var record = Writer("2026-02-22T14:03:07.412518Z", 48211)
            .Trade(new Trade("BTC/USD", 68012.4, 0.00421, T("2026-02-22T14:03:07.389114253Z"), 5839201, TakerSide: "B"));
        record.Topic.ShouldBe("torghut.trades.v1");
        record.Key.ShouldBe("BTC/USD");
        Text(record).ShouldBe("""{"ingestTs":"2026-02-22T14:03:07.412518Z","eventTs":"2026-02-22T14:03:07.389114253Z","feed":"alpaca","channel":"trades","symbol":"BTC/USD","seq":48211,"payload":{"S":"BTC/USD","i":5839201,"p":68012.4,"s":0.00421,"t":"2026-02-22T14:03:07.389114253Z"},"isFinal":true,"source":"ws","window":null,"version":1}""");
    }

    [Fact]
    public void A_repaired_trade_or_quote_is_the_same_envelope_with_source_rest()
    {
        var trade = new Trade("AAPL", 190.01, 100, T("2026-02-22T14:03:07.08960768Z"), 52983525029461, "V", ["@", " "], "C");
        var live = Text(Writer("2026-02-22T14:03:08Z", 7).Trade(trade));
        var repaired = Text(Writer("2026-02-22T14:03:08Z", 7).Trade(trade, EnvelopeSource.Rest));
        repaired.ShouldBe(live.Replace("\"source\":\"ws\"", "\"source\":\"rest\""));
        repaired.ShouldContain("\"isFinal\":true,\"source\":\"rest\"");
        var quote = new Quote("ETH/USD", 1973.12, 2.5755, 1973.96, 1.27105, T("2026-02-22T14:03:07.401877120Z"));
        Text(Writer("2026-02-22T14:03:08Z", 9).Quote(quote, EnvelopeSource.Rest))
            .ShouldBe(Text(Writer("2026-02-22T14:03:08Z", 9).Quote(quote)).Replace("\"source\":\"ws\"", "\"source\":\"rest\""));
    }

    [Fact]
    public void Quote_matches_the_documented_envelope_exactly()
    {
        var record = Writer("2026-02-22T14:03:07.415002Z", 90314)
            .Quote(new Quote("ETH/USD", 1973.12, 2.5755, 1973.96, 1.27105, T("2026-02-22T14:03:07.401877120Z")));
        record.Topic.ShouldBe("torghut.quotes.v1");
        Text(record).ShouldBe("""{"ingestTs":"2026-02-22T14:03:07.415002Z","eventTs":"2026-02-22T14:03:07.401877120Z","feed":"alpaca","channel":"quotes","symbol":"ETH/USD","seq":90314,"payload":{"S":"ETH/USD","bp":1973.12,"bs":2.5755,"ap":1973.96,"as":1.27105,"t":"2026-02-22T14:03:07.401877120Z"},"isFinal":true,"source":"ws","window":null,"version":1}""");
    }

    [Fact]
    public void Websocket_bar_matches_the_documented_envelope_exactly()
    {
        var record = Writer("2026-02-22T14:04:00.081220Z", 1288)
            .Bar(new Bar("SOL/USD", 84.21, 84.33, 84.17, 84.3, 12.5481, T("2026-02-22T14:03:00Z"), BarKind.Minute, 84.254, 37), EnvelopeSource.Ws);
        record.Topic.ShouldBe("torghut.bars.1m.v1");
        Text(record).ShouldBe("""{"ingestTs":"2026-02-22T14:04:00.081220Z","eventTs":"2026-02-22T14:03:00Z","feed":"alpaca","channel":"bars","symbol":"SOL/USD","seq":1288,"payload":{"S":"SOL/USD","o":84.21,"h":84.33,"l":84.17,"c":84.3,"v":12.5481,"vw":84.254,"n":37,"t":"2026-02-22T14:03:00Z"},"isFinal":true,"source":"ws","window":null,"version":1}""");
    }

    [Fact]
    public void Rest_bar_carries_T_and_is_marked_rest()
    {
        var record = Writer("2026-02-22T14:05:12.004Z", 3)
            .Bar(new Bar("BTC/USD", 67950.1, 67990.0, 67941.5, 67980.6, 0.8231, T("2026-02-22T13:10:00Z"), BarKind.Historical, 67962.7, 41), EnvelopeSource.Rest);
        Text(record).ShouldBe("""{"ingestTs":"2026-02-22T14:05:12.004Z","eventTs":"2026-02-22T13:10:00Z","feed":"alpaca","channel":"bars","symbol":"BTC/USD","seq":3,"payload":{"T":"b","S":"BTC/USD","o":67950.1,"h":67990.0,"l":67941.5,"c":67980.6,"v":0.8231,"vw":67962.7,"n":41,"t":"2026-02-22T13:10:00Z"},"isFinal":true,"source":"rest","window":null,"version":1}""");
    }

    [Fact]
    public void Updated_bar_is_not_final_and_keeps_whole_volumes_as_doubles()
    {
        var record = Writer("2026-02-20T15:31:31.220Z", 77120)
            .Bar(new Bar("NVDA", 188.1, 188.4, 187.95, 188.32, 40211.0, T("2026-02-20T15:30:00Z"), BarKind.Updated, 188.2, 512), EnvelopeSource.Ws);
        Text(record).ShouldBe("""{"ingestTs":"2026-02-20T15:31:31.220Z","eventTs":"2026-02-20T15:30:00Z","feed":"alpaca","channel":"updatedBars","symbol":"NVDA","seq":77120,"payload":{"S":"NVDA","o":188.1,"h":188.4,"l":187.95,"c":188.32,"v":40211.0,"vw":188.2,"n":512,"t":"2026-02-20T15:30:00Z"},"isFinal":false,"source":"ws","window":null,"version":1}""");
    }

    [Fact]
    public void Status_fills_the_status_code_upstream_lost_and_adds_the_reason_after_it()
    {
        var record = Writer("2026-02-20T14:30:00.150Z", 5)
            .Status(new TradingStatus("NVDA", T("2026-02-20T14:30:00Z"), "H", "Trading Halt", "T12", "Halted"));
        record.Topic.ShouldBe("torghut.status.v1");
        Text(record).ShouldBe("""{"ingestTs":"2026-02-20T14:30:00.150Z","eventTs":"2026-02-20T14:30:00Z","feed":"alpaca","channel":"status","symbol":"NVDA","seq":5,"payload":{"S":"NVDA","t":"2026-02-20T14:30:00Z","statusCode":"H","statusMessage":"Trading Halt","rc":"T12","rm":"Halted"},"isFinal":true,"source":"ws","window":null,"version":1}""");
    }

    [Fact]
    public void Equity_trade_keeps_exchange_conditions_and_tape_and_escapes_text()
    {
        var record = Writer("2026-02-22T14:03:07Z", 1)
            .Trade(new Trade("AAPL", 126.55, 1, T("2021-02-22T15:51:44.208Z"), 96921, "D", ["@", "I\"x"], "C"));
        using var doc = JsonDocument.Parse(record.Value);
        var payload = doc.RootElement.GetProperty("payload");
        payload.GetProperty("x").GetString().ShouldBe("D");
        payload.GetProperty("c").EnumerateArray().Select(e => e.GetString()).ShouldBe(["@", "I\"x"]);
        payload.GetProperty("z").GetString().ShouldBe("C");
        payload.GetProperty("s").GetRawText().ShouldBe("1.0");
        doc.RootElement.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["ingestTs", "eventTs", "feed", "channel", "symbol", "seq", "payload", "isFinal", "source", "window", "version"]);
    }

    [Fact]
    public void Lane_heartbeat_goes_to_the_status_topic_keyed_by_lane()
    {
        var record = Writer("2026-02-22T14:03:07Z", 1).LaneStatus(new LaneHeartbeat("crypto", "subscribed", true, null, 2, 0,
            new Dictionary<string, IReadOnlyList<string>> { ["trades"] = ["BTC/USD"] },
            new Dictionary<string, NanoTimestamp> { ["trades"] = T("2026-02-22T14:03:06.5Z") }));
        record.Topic.ShouldBe("torghut.status.v1");
        record.Key.ShouldBe("lane:crypto");
        using var doc = JsonDocument.Parse(record.Value);
        doc.RootElement.GetProperty("channel").GetString().ShouldBe("lane_status");
        doc.RootElement.GetProperty("payload").GetProperty("subscribed").GetProperty("trades")[0].GetString().ShouldBe("BTC/USD");
        doc.RootElement.GetProperty("payload").GetProperty("lastEvent").GetProperty("trades").GetString().ShouldBe("2026-02-22T14:03:06.500Z");
    }

    [Fact]
    public void Non_finite_numbers_never_reach_an_envelope()
    {
        Should.Throw<ArgumentOutOfRangeException>(() =>
            Writer("2026-02-22T14:03:07Z", 1).Trade(new Trade("BTC/USD", double.NaN, 1, T("2026-02-22T14:03:07Z"))));
    }
}

public sealed class SequenceClockTests
{
    [Fact]
    public void Seq_is_strictly_increasing_per_channel_and_symbol_and_jumps_to_wall_clock()
    {
        long now = 1_000;
        var clock = new SequenceClock(() => now);
        clock.Next("trades", "BTC/USD").ShouldBe(1_000);
        clock.Next("trades", "BTC/USD").ShouldBe(1_001); // same microsecond: still unique
        clock.Next("trades", "ETH/USD").ShouldBe(1_000); // independent per symbol
        clock.Next("bars", "BTC/USD").ShouldBe(1_000);
        clock.Next("updatedBars", "BTC/USD").ShouldBe(1_001); // bars and updatedBars share one clock
        now = 5_000;
        clock.Next("trades", "BTC/USD").ShouldBe(5_000);
    }

    [Fact]
    public void A_restarted_process_continues_above_the_previous_seq()
    {
        var before = new SequenceClock();
        var last = 0L;
        for (int i = 0; i < 1000; i++) last = before.Next("trades", "BTC/USD");
        Thread.Sleep(5);
        new SequenceClock().Next("trades", "BTC/USD").ShouldBeGreaterThan(last);
    }
}
