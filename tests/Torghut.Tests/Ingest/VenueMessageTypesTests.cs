using System.Text;
using System.Text.Json;
using Torghut.Host.Ingest;
using Torghut.Tests.Support;
using Torghut.Host.Transport;

namespace Torghut.Tests.Ingest;

/// <summary>
/// Item "no message type vanishes": every Alpaca type the real equity/crypto plugins decode is published or counted by
/// (type, outcome). Frames are the samples of /work/shared/docs/alpaca-protocol.md §3 (Alpaca's docs), unless marked
/// hand-made.
/// </summary>
public sealed class VenueMessageTypesTests
{
    private const string Correction = """{"T":"c","S":"EEM","x":"M","oi":52983525033527,"op":39.1582,"os":440000,"oc":[" ","7"],"ci":52983525034326,"cp":39.1809,"cs":440000,"cc":[" ","7"],"z":"B","t":"2023-04-06T14:25:06.542305024Z"}""";
    private const string Cancel = """{"T":"x","S":"GOOGL","i":465,"x":"D","p":105.31,"s":300,"a":"C","z":"C","t":"2023-04-06T13:15:42.83540958Z"}""";
    private const string Luld = """{"T":"l","S":"IONM","u":3.24,"d":2.65,"i":"B","t":"2023-04-06T13:34:45.565004401Z","z":"C"}""";
    private const string Imbalance = """{"T":"i","S":"INAQU","p":9.12,"z":"C","t":"2024-12-13T19:58:09.242138635Z"}""";
    private const string Status = """{"T":"s","S":"AAPL","sc":"H","sm":"Trading Halt","rc":"T12","rm":"Trading Halted; For information requested by NASDAQ","t":"2021-02-22T19:15:00Z","z":"C"}""";

    private static FrameSink Decode(string plugin, params string[] frames)
    {
        var feed = AlpacaLane.Feed(plugin, new Dictionary<string, string>());
        var sink = new FrameSink(new EnvelopeWriter("iex", new TopicMap("torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1", "torghut.status.v1"), new SequenceClock()));
        var all = new List<Torghut.Host.Transport.TransportRecord>();
        foreach (var frame in frames)
        {
            sink.Clear();
            feed.Decode(Encoding.UTF8.GetBytes(frame), sink);
            all.AddRange(sink.Records);
        }
        sink.Records.Clear();
        sink.Records.AddRange(all);
        return sink;
    }

    private static JsonElement Envelope(Torghut.Host.Transport.TransportRecord r) => JsonDocument.Parse(r.Value).RootElement;

    [Fact]
    public void Corrections_and_cancel_errors_go_to_the_corrections_topic_keyed_by_symbol_with_every_field()
    {
        var sink = Decode("Alpaca.Equity", $"[{Correction},{Cancel}]");
        sink.Records.Select(r => (r.Topic, r.Key)).ShouldBe([("torghut.trade-corrections.v1", "EEM"), ("torghut.trade-corrections.v1", "GOOGL")]);
        var correction = Envelope(sink.Records[0]);
        correction.GetProperty("channel").GetString().ShouldBe("corrections");
        correction.GetProperty("payload").GetRawText().ShouldBe("""{"S":"EEM","x":"M","oi":52983525033527,"op":39.1582,"os":440000.0,"oc":[" ","7"],"ci":52983525034326,"cp":39.1809,"cs":440000.0,"cc":[" ","7"],"t":"2023-04-06T14:25:06.542305024Z","z":"B"}""");
        var cancel = Envelope(sink.Records[1]);
        cancel.GetProperty("channel").GetString().ShouldBe("cancelErrors");
        cancel.GetProperty("payload").GetRawText().ShouldBe("""{"S":"GOOGL","i":465,"x":"D","p":105.31,"s":300.0,"a":"C","t":"2023-04-06T13:15:42.835409580Z","z":"C"}""");
        sink.MessagesByType()["c"]["published"].ShouldBe(1);
        sink.MessagesByType()["x"]["published"].ShouldBe(1);
    }

    [Fact]
    public void Lulds_imbalances_and_statuses_go_to_the_status_topic_on_their_own_channels_with_full_payloads()
    {
        var sink = Decode("Alpaca.Equity", Luld, Imbalance, Status);
        sink.Records.ShouldAllBe(r => r.Topic == "torghut.status.v1");
        var envelopes = sink.Records.Select(Envelope).ToList();
        envelopes.Select(e => e.GetProperty("channel").GetString()).ShouldBe(["lulds", "imbalances", "status"]);
        envelopes[0].GetProperty("payload").GetRawText().ShouldBe("""{"S":"IONM","u":3.24,"d":2.65,"i":"B","t":"2023-04-06T13:34:45.565004401Z","z":"C"}""");
        envelopes[1].GetProperty("payload").GetRawText().ShouldBe("""{"S":"INAQU","p":9.12,"t":"2024-12-13T19:58:09.242138635Z","z":"C"}""");
        // statusCode/statusMessage stay where readers find them; Alpaca's rc, rm, z follow.
        envelopes[2].GetProperty("payload").GetRawText().ShouldBe("""{"S":"AAPL","t":"2021-02-22T19:15:00Z","statusCode":"H","statusMessage":"Trading Halt","rc":"T12","rm":"Trading Halted; For information requested by NASDAQ","z":"C"}""");
        sink.PerChannel.ShouldContainKeyAndValue("lulds", 1);
        sink.PerChannel.ShouldContainKeyAndValue("imbalances", 1);
    }

    [Fact]
    public void Types_without_a_topic_and_unknown_types_are_counted_with_the_reason_and_announced_once()
    {
        // Daily bar: docs bar with T "d" (hand-made). "n" (news) and "zz": hand-made unknowns.
        var daily = """{"T":"d","S":"SPY","o":388.985,"h":389.13,"l":388.975,"c":389.12,"v":49378,"n":461,"vw":389.062639,"t":"2021-02-22T05:00:00Z"}""";
        var sink = Decode("Alpaca.Crypto", daily, """[{"T":"n","S":"AAPL"},{"T":"zz"},{"T":"n"}]""",
            """[{"T":"success","msg":"connected"}]""", """[{"T":"t","S":"BTC/USD"}]""");
        sink.Records.ShouldBeEmpty();
        var tally = sink.MessagesByType();
        tally["d"]["no_topic"].ShouldBe(1);
        tally["unknown"]["unknown_type"].ShouldBe(3); // the label stays bounded; the text is logged
        tally["success"]["control"].ShouldBe(1);
        tally["t"]["decode_error"].ShouldBe(1);
        sink.Tally.TakeFirstSeen()
            .ShouldBe(["type 'd': no_topic", "type 'n': unknown_type", "type 'zz': unknown_type",
                "type 't': decode_error"]);
        sink.Tally.TakeFirstSeen().ShouldBeEmpty();
    }

    [Fact]
    public void Order_books_go_to_the_order_book_topic_as_received_keyed_by_symbol_with_levels_and_reset()
    {
        // Snapshot: hand-made in Alpaca's shape; delta: the docs sample (no "r", an empty side).
        var snapshot = """{"T":"o","S":"MKR/USD","t":"2024-03-12T10:39:39.1Z","b":[{"p":2614.1,"s":3},""" +
            """{"p":2613.9,"s":0.5}],"a":[{"p":2614.587,"s":1}],"r":true}""";
        var delta = """{"T":"o","S":"MKR/USD","t":"2024-03-12T10:39:39.445492807Z","b":[],"a":[""" +
            """{"p":2614.587,"s":12.5308}]}""";
        var sink = Decode("Alpaca.Crypto", $"[{snapshot},{delta}]");
        sink.Records.Select(r => (r.Topic, r.Key))
            .ShouldBe([("torghut.orderbooks.v1", "MKR/USD"), ("torghut.orderbooks.v1", "MKR/USD")]);
        var envelopes = sink.Records.Select(Envelope).ToList();
        envelopes.ShouldAllBe(e => e.GetProperty("channel").GetString() == "orderbooks"
            && e.GetProperty("symbol").GetString() == "MKR/USD");
        envelopes[0].GetProperty("eventTs").GetString().ShouldBe("2024-03-12T10:39:39.100Z");
        envelopes[0].GetProperty("payload").GetRawText().ShouldBe(
            """{"S":"MKR/USD","t":"2024-03-12T10:39:39.100Z","b":[{"p":2614.1,"s":3.0},{"p":2613.9,"s":0.5}],"a":[""" +
            """{"p":2614.587,"s":1.0}],"r":true}""");
        envelopes[1].GetProperty("payload").GetRawText().ShouldBe(
            """{"S":"MKR/USD","t":"2024-03-12T10:39:39.445492807Z","b":[],"a":[""" +
            """{"p":2614.587,"s":12.5308}],"r":false}""");
        envelopes[1].GetProperty("seq").GetInt64().ShouldBeGreaterThan(envelopes[0].GetProperty("seq").GetInt64());
        sink.MessagesByType()["o"]["published"].ShouldBe(2);
        sink.PerChannel.ShouldContainKeyAndValue("orderbooks", 2);
    }
}
