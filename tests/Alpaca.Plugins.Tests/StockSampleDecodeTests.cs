using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

/// <summary>Every stock sample of alpaca-protocol.md sections 2 and 3.1, copied as data.</summary>
public class StockSampleDecodeTests
{
    private readonly IFeedEndpoint _feed = EquityFeed(("ALPACA_FEED", "test"));

    [Fact]
    public void Docs_trade()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"t","i":96921,"S":"AAPL","x":"D","p":126.55,"s":1,"t":"2021-02-22T15:51:44.208Z","c":["@","I"],"z":"C"}""");
        var t = sink.Trades.ShouldHaveSingleItem();
        t.Symbol.ShouldBe("AAPL");
        t.Price.ShouldBe(126.55);
        t.Size.ShouldBe(1);
        t.TradeId.ShouldBe(96921);
        t.Exchange.ShouldBe("D");
        t.Conditions.ShouldBe(["@", "I"]);
        t.Tape.ShouldBe("C");
        t.TakerSide.ShouldBeNull();
        t.Timestamp.ToString().ShouldBe("2021-02-22T15:51:44.208Z");
        sink.Events.Count.ShouldBe(1);
    }

    [Fact]
    public void Docs_quote()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"q","S":"AMD","bx":"U","bp":87.66,"bs":1,"ax":"Q","ap":87.68,"as":4,"t":"2021-02-22T15:51:45.335689322Z","c":["R"],"z":"C"}""");
        sink.Quotes.ShouldHaveSingleItem().ShouldBe(
            new Quote("AMD", 87.66, 1, 87.68, 4, Ts("2021-02-22T15:51:45.335689322Z"), "U", "Q", sink.Quotes[0].Conditions, "C"));
        sink.Quotes[0].Conditions.ShouldBe(["R"]);
        sink.Quotes[0].Timestamp.ToString().ShouldBe("2021-02-22T15:51:45.335689322Z");
    }

    [Fact]
    public void Docs_minute_bar()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"b","S":"SPY","o":388.985,"h":389.13,"l":388.975,"c":389.12,"v":49378,"n":461,"vw":389.062639,"t":"2021-02-22T19:15:00Z"}""");
        sink.Bars.ShouldHaveSingleItem().ShouldBe(
            new Bar("SPY", 388.985, 389.13, 388.975, 389.12, 49378, Ts("2021-02-22T19:15:00Z"), BarKind.Minute, 389.062639, 461));
    }

    [Fact]
    public void Docs_status_uses_sc_sm_rc_rm()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"s","S":"AAPL","sc":"H","sm":"Trading Halt","rc":"T12","rm":"Trading Halted; For information requested by NASDAQ","t":"2021-02-22T19:15:00Z","z":"C"}""");
        sink.Statuses.ShouldHaveSingleItem().ShouldBe(new TradingStatus("AAPL", Ts("2021-02-22T19:15:00Z"),
            "H", "Trading Halt", "T12", "Trading Halted; For information requested by NASDAQ", "C"));
    }

    [Fact]
    public void Docs_correction_keeps_the_original_and_the_corrected_trade()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"c","S":"EEM","x":"M","oi":52983525033527,"op":39.1582,"os":440000,"oc":[" ","7"],"ci":52983525034326,"cp":39.1809,"cs":440000,"cc":[" ","7"],"z":"B","t":"2023-04-06T14:25:06.542305024Z"}""");
        var c = sink.Corrections.ShouldHaveSingleItem();
        c.ShouldBe(new TradeCorrection("EEM", Ts("2023-04-06T14:25:06.542305024Z"), 52983525033527, 39.1582, 440000,
            52983525034326, 39.1809, 440000, "M", c.OriginalConditions, c.CorrectedConditions, "B"));
        c.OriginalConditions.ShouldBe([" ", "7"]);
        c.CorrectedConditions.ShouldBe([" ", "7"]);
        sink.Events.Count.ShouldBe(1);
    }

    [Fact]
    public void Docs_cancel_error_names_the_trade_and_the_action()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"x","S":"GOOGL","i":465,"x":"D","p":105.31,"s":300,"a":"C","z":"C","t":"2023-04-06T13:15:42.83540958Z"}""");
        sink.Cancels.ShouldHaveSingleItem().ShouldBe(new TradeCancel("GOOGL", Ts("2023-04-06T13:15:42.83540958Z"), 465, 105.31, 300, "C", "D", "C"));
        sink.Events.Count.ShouldBe(1);
    }

    [Fact]
    public void Docs_luld_reads_the_indicator_letter_under_the_trade_id_key()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"l","S":"IONM","u":3.24,"d":2.65,"i":"B","t":"2023-04-06T13:34:45.565004401Z","z":"C"}""");
        sink.Bands.ShouldHaveSingleItem().ShouldBe(new PriceBand("IONM", Ts("2023-04-06T13:34:45.565004401Z"), 3.24, 2.65, "B", "C"));
    }

    [Fact]
    public void Docs_imbalance()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"i","S":"INAQU","p":9.12,"z":"C","t":"2024-12-13T19:58:09.242138635Z"}""");
        sink.Imbalances.ShouldHaveSingleItem().ShouldBe(new OrderImbalance("INAQU", Ts("2024-12-13T19:58:09.242138635Z"), 9.12, "C"));
    }

    [Fact]
    public void PY_cancel_fixture_without_t_is_reported_like_the_status_one()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"x","S":"DJT","i":4868,"x":"D","p":36.18,"s":31800,"a":"C","z":"C"}""");
        sink.Cancels.ShouldBeEmpty();
        sink.Errors.ShouldHaveSingleItem().Reason.ShouldContain("'t'");
    }

    [Fact]
    public void Hand_made_correction_missing_the_corrected_price_is_a_decode_error_naming_cp()
    {
        // Hand-made (not recorded): the docs correction without "cp".
        var sink = RecordingSink.Decode(_feed, """{"T":"c","S":"EEM","x":"M","oi":1,"op":39.1582,"os":440000,"ci":2,"cs":440000,"z":"B","t":"2023-04-06T14:25:06Z"}""");
        sink.Errors.ShouldHaveSingleItem().Reason.ShouldContain("'cp'");
    }

    [Fact]
    public void A_sink_written_against_contract_1_1_sees_the_new_types_as_unknown_not_nothing()
    {
        var sink = new Contract11Sink();
        _feed.Decode("""[{"T":"c","S":"EEM","x":"M","oi":1,"op":1,"os":1,"ci":2,"cp":1,"cs":1,"t":"2023-04-06T14:25:06Z"},{"T":"x","S":"A","i":1,"p":1,"s":1,"a":"C","t":"2023-04-06T14:25:06Z"},{"T":"l","S":"A","u":2,"d":1,"i":"B","t":"2023-04-06T14:25:06Z"},{"T":"i","S":"A","p":9.12,"t":"2023-04-06T14:25:06Z"}]"""u8, sink);
        sink.Unknown.ShouldBe(["correction", "cancelError", "luld", "imbalance"]);
    }

    /// <summary>Implements only the members contract 1.1 had.</summary>
    private sealed class Contract11Sink : IFeedSink
    {
        public List<string> Unknown { get; } = [];
        public void OnTrade(in Trade trade) { }
        public void OnQuote(in Quote quote) { }
        public void OnBar(in Bar bar) { }
        public void OnStatus(in TradingStatus status) { }
        public void OnOrderBook(in OrderBookUpdate update) { }
        public void OnControl(ControlMessage control) { }
        public void OnDecodeError(in DecodeError error) { }
        public void OnUnknown(string messageType) => Unknown.Add(messageType);
    }

    [Fact]
    public void Docs_multi_element_frame_delivers_three_trades_in_order()
    {
        var sink = RecordingSink.Decode(_feed, """[{"T":"t","S":"AAPL","i":628,"x":"K","p":162.92,"s":3,"c":["@","F","T","I"],"z":"C","t":"2023-04-06T11:54:26.838232225Z"},{"T":"t","S":"AAPL","i":75,"x":"Z","p":162.92,"s":3,"c":["@","F","T","I"],"z":"C","t":"2023-04-06T11:54:26.838562809Z"},{"T":"t","S":"AAPL","i":1465,"x":"P","p":162.91,"s":71,"c":["@","F","T","I"],"z":"C","t":"2023-04-06T11:54:26.83915973Z"}]""");
        sink.Trades.Select(t => t.TradeId).ShouldBe([628L, 75L, 1465L]);
        sink.Trades.Select(t => t.Exchange).ShouldBe(["K", "Z", "P"]);
        sink.Trades[2].Timestamp.ToString().ShouldBe("2023-04-06T11:54:26.839159730Z");
        sink.Trades[2].Size.ShouldBe(71);
        sink.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void JS_mock_quote_with_scalar_conditions_is_wrapped_into_one_element()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"q","S":"AAPL","bx":"Z","bp":139.74,"bs":3,"ax":"Q","ap":139.77,"as":1,"t":"2021-01-28T15:20:41.384564Z","c":"R","z":"C"}""");
        var q = sink.Quotes.ShouldHaveSingleItem();
        q.Conditions.ShouldBe(["R"]);
        q.Timestamp.ToString().ShouldBe("2021-01-28T15:20:41.384564Z");
    }

    [Fact]
    public void Scalar_trade_conditions_are_wrapped_too() =>
        RecordingSink.Decode(_feed, """{"T":"t","S":"AAPL","p":1,"s":1,"t":"2021-01-28T15:20:41Z","c":"@"}""")
            .Trades.ShouldHaveSingleItem().Conditions.ShouldBe(["@"]);

    [Fact]
    public void JS_mock_updated_bar()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"u","S":"AAPL","o":100,"h":101.2,"l":98.67,"c":101.3,"v":2570,"t":"2021-03-05T16:00:30Z","n":1235,"vw":100.123457}""");
        sink.Bars.ShouldHaveSingleItem().ShouldBe(
            new Bar("AAPL", 100, 101.2, 98.67, 101.3, 2570, Ts("2021-03-05T16:00:30Z"), BarKind.Updated, 100.123457, 1235));
    }

    [Fact]
    public void Daily_bar_kind()
    {
        RecordingSink.Decode(_feed, """{"T":"d","S":"SPY","o":1,"h":2,"l":0.5,"c":1.5,"v":10,"t":"2021-02-22T05:00:00Z"}""")
            .Bars.ShouldHaveSingleItem().Kind.ShouldBe(BarKind.Daily);
    }

    [Fact]
    public void PY_status_fixture_without_t_is_reported_because_it_carried_t_as_a_msgpack_timestamp()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"s","S":"STRR","sc":"T","sm":"Trading Resumption","rc":"C11","rm":"","z":"C"}""");
        sink.Statuses.ShouldBeEmpty();
        var error = sink.Errors.ShouldHaveSingleItem();
        error.MessageType.ShouldBe("s");
        error.Reason.ShouldContain("'t'");
    }

    [Fact]
    public void Test_stream_transcript_decodes_frame_by_frame()
    {
        string[] frames =
        [
            """[{"T":"success","msg":"connected"}]""",
            """[{"T":"success","msg":"authenticated"}]""",
            """[{"T":"subscription","trades":[],"quotes":["FAKEPACA"],"bars":["FAKEPACA"]}]""",
            """[{"T":"q","S":"FAKEPACA","bx":"O","bp":133.85,"bs":4,"ax":"R","ap":135.77,"as":5,"c":["R"],"z":"A","t":"2024-07-24T07:56:53.639713735Z"}]""",
            """[{"T":"q","S":"FAKEPACA","bx":"O","bp":133.85,"bs":4,"ax":"R","ap":135.77,"as":5,"c":["R"],"z":"A","t":"2024-07-24T07:56:58.641207127Z"}]""",
            """[{"T":"b","S":"FAKEPACA","o":132.65,"h":136,"l":132.12,"c":134.65,"v":205,"t":"2024-07-24T07:56:00Z","n":16,"vw":133.7}]""",
        ];
        var sink = new RecordingSink();
        foreach (var frame in frames) _feed.Decode(System.Text.Encoding.UTF8.GetBytes(frame), sink);

        sink.Controls.Select(c => c.Kind).ShouldBe([ControlKind.Connected, ControlKind.Authenticated, ControlKind.SubscriptionAck]);
        var subs = sink.Controls[2].Subscriptions!;
        subs.Keys.OrderBy(k => k).ShouldBe(["bars", "quotes", "trades"]);
        subs["trades"].ShouldBeEmpty();
        subs["quotes"].ShouldBe(["FAKEPACA"]);
        subs.ContainsKey("statuses").ShouldBeFalse();
        sink.Quotes.Count.ShouldBe(2);
        sink.Quotes[1].Timestamp.ToString().ShouldBe("2024-07-24T07:56:58.641207127Z");
        sink.Bars.ShouldHaveSingleItem().Close.ShouldBe(134.65);
        sink.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Repeated_symbols_decode_to_the_same_string_instance()
    {
        var sink = RecordingSink.Decode(_feed, """[{"T":"t","S":"AAPL","p":1,"s":1,"t":"2021-01-28T15:20:41Z"},{"T":"t","S":"AAPL","p":2,"s":1,"t":"2021-01-28T15:20:42Z"}]""");
        sink.Trades.Count.ShouldBe(2);
        ReferenceEquals(sink.Trades[0].Symbol, sink.Trades[1].Symbol).ShouldBeTrue();
    }
}
