using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

/// <summary>Every crypto sample of alpaca-protocol.md sections 2 and 3.2, copied as data.</summary>
public class CryptoSampleDecodeTests
{
    private readonly IFeedEndpoint _feed = CryptoFeed();

    [Fact]
    public void Docs_trade_keeps_fractional_size_nine_digit_time_large_id_and_taker_side()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"t","S":"AVAX/USD","p":47.299,"s":29.205707815,"t":"2024-03-12T10:27:48.858228144Z","i":3447222699101865076,"tks":"S"}""");
        var t = sink.Trades.ShouldHaveSingleItem();
        t.Symbol.ShouldBe("AVAX/USD");
        t.Price.ShouldBe(47.299);
        t.Size.ShouldBe(29.205707815);
        t.TradeId.ShouldBe(3447222699101865076L);
        t.TakerSide.ShouldBe("S");
        t.Exchange.ShouldBeNull();
        t.Conditions.ShouldBeNull();
        t.Timestamp.ToString().ShouldBe("2024-03-12T10:27:48.858228144Z");
        t.Timestamp.NanosOfSecond.ShouldBe(858228144);
    }

    [Fact]
    public void Docs_quote_has_fractional_sizes_and_no_exchanges()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"q","S":"BAT/USD","bp":0.35718,"bs":13445.46,"ap":0.3581,"as":13561.902,"t":"2024-03-12T10:29:43.111588173Z"}""");
        sink.Quotes.ShouldHaveSingleItem().ShouldBe(
            new Quote("BAT/USD", 0.35718, 13445.46, 0.3581, 13561.902, Ts("2024-03-12T10:29:43.111588173Z")));
    }

    [Fact]
    public void Docs_bar_without_trades_has_zero_volume_count_and_vwap_and_is_valid()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"b","S":"BTC/USD","o":71856.1435,"h":71856.1435,"l":71856.1435,"c":71856.1435,"v":0,"t":"2024-03-12T10:37:00Z","n":0,"vw":0}""");
        sink.Bars.ShouldHaveSingleItem().ShouldBe(
            new Bar("BTC/USD", 71856.1435, 71856.1435, 71856.1435, 71856.1435, 0, Ts("2024-03-12T10:37:00Z"), BarKind.Minute, 0, 0));
    }

    [Fact]
    public void Docs_full_book_snapshot_has_reset()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"o","S":"BTC/USD","t":"2024-03-12T10:38:50.79613221Z","b":[{"p":71859.53,"s":0.27994},{"p":71849.4,"s":0.553986},{"p":71820.469,"s":0.83495}],"a":[{"p":71939.7,"s":0.83953},{"p":71940.4,"s":0.28025},{"p":71950.715,"s":0.555928}],"r":true}""");
        var book = sink.Books.ShouldHaveSingleItem();
        book.Symbol.ShouldBe("BTC/USD");
        book.Reset.ShouldBeTrue();
        book.Timestamp.ToString().ShouldBe("2024-03-12T10:38:50.796132210Z");
        book.Bids.ShouldBe([new PriceLevel(71859.53, 0.27994), new PriceLevel(71849.4, 0.553986), new PriceLevel(71820.469, 0.83495)]);
        book.Asks.ShouldBe([new PriceLevel(71939.7, 0.83953), new PriceLevel(71940.4, 0.28025), new PriceLevel(71950.715, 0.555928)]);
    }

    [Fact]
    public void Docs_book_update_and_level_removal_have_no_reset()
    {
        var sink = new RecordingSink();
        _feed.Decode("""{"T":"o","S":"MKR/USD","t":"2024-03-12T10:39:39.445492807Z","b":[],"a":[{"p":2614.587,"s":12.5308}]}"""u8, sink);
        _feed.Decode("""{"T":"o","S":"CRV/USD","t":"2024-03-12T10:39:40.501160019Z","b":[{"p":0.7904,"s":0}],"a":[]}"""u8, sink);
        sink.Books.Count.ShouldBe(2);
        sink.Books[0].Reset.ShouldBeFalse();
        sink.Books[0].Bids.ShouldBeEmpty();
        sink.Books[0].Asks.ShouldBe([new PriceLevel(2614.587, 12.5308)]);
        sink.Books[1].Bids.ShouldBe([new PriceLevel(0.7904, 0)]);
        sink.Books[1].Asks.ShouldBeEmpty();
    }

    [Fact]
    public void PY_book_fixture_without_t_is_reported_because_it_carried_t_as_a_msgpack_timestamp()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"o","S":"BTC/USD","b":[{"p":65128.1,"s":1.6542}],"a":[{"p":65128.1,"s":1.6542}]}""");
        sink.Books.ShouldBeEmpty();
        sink.Errors.ShouldHaveSingleItem().Reason.ShouldContain("'t'");
    }

    [Fact]
    public void Legacy_v1beta1_trade_with_T_not_first_and_no_slash_symbol_is_canonicalized()
    {
        var sink = RecordingSink.Decode(_feed, """{"i":413958052,"x":"CBSE","z":"","p":18430.91,"s":0.00104478,"c":[],"tks":"S","T":"t","S":"BTCUSD","t":"2022-09-19T09:05:09.257973Z"}""");
        var t = sink.Trades.ShouldHaveSingleItem();
        t.Symbol.ShouldBe("BTC/USD");
        t.Size.ShouldBe(0.00104478);
        t.Exchange.ShouldBe("CBSE");
        t.Conditions.ShouldBeEmpty();
        t.Tape.ShouldBe("");
        t.TradeId.ShouldBe(413958052);
    }

    [Fact]
    public void Small_fractional_size_is_kept_exactly() =>
        RecordingSink.Decode(_feed, """[{"T":"t","S":"BTC/USD","p":57527,"s":0.00421,"t":"2021-11-22T08:32:39.313396Z","i":17209535,"tks":"B"}]""")
            .Trades.ShouldHaveSingleItem().Size.ShouldBe(0.00421);

    [Fact]
    public void Crypto_transcript_decodes_frame_by_frame()
    {
        string[] frames =
        [
            """[{"T":"success","msg":"connected"}]""",
            """[{"T":"success","msg":"authenticated"}]""",
            """[{"T":"subscription","trades":[],"quotes":[],"orderbooks":[],"bars":["BTC/USD"],"updatedBars":[],"dailyBars":[]}]""",
            """[{"T":"b","S":"BTC/USD","o":26675.04,"h":26695.36,"l":26668.79,"c":26688.7,"v":3.227759152,"t":"2023-03-17T12:28:00Z","n":93,"vw":26679.5912436798}]""",
            """[{"T":"b","S":"BTC/USD","o":26687.9,"h":26692.91,"l":26628.55,"c":26651.39,"v":11.568622108,"t":"2023-03-17T12:29:00Z","n":197,"vw":26651.7679765663}]""",
        ];
        var sink = new RecordingSink();
        foreach (var frame in frames) _feed.Decode(System.Text.Encoding.UTF8.GetBytes(frame), sink);

        sink.Controls.Select(c => c.Kind).ShouldBe([ControlKind.Connected, ControlKind.Authenticated, ControlKind.SubscriptionAck]);
        var subs = sink.Controls[2].Subscriptions!;
        subs.Count.ShouldBe(6);
        subs["bars"].ShouldBe(["BTC/USD"]);
        subs["orderbooks"].ShouldBeEmpty();
        sink.Bars.Select(b => b.Volume).ShouldBe([3.227759152, 11.568622108]);
        sink.Bars[1].Vwap.ShouldBe(26651.7679765663);
        sink.Bars[1].TradeCount.ShouldBe(197);
        sink.Errors.ShouldBeEmpty();
    }
}
