using Torghut.Abstractions;

namespace Alpaca.Plugins.Tests;

using static Lanes;

public class MalformedFrameTests
{
    private readonly IFeedEndpoint _feed = CryptoFeed();

    private const string GoodTrade = """{"T":"t","S":"BTC/USD","p":1.5,"s":0.25,"t":"2024-03-12T10:27:48.858228144Z","i":1}""";
    private const string GoodQuote = """{"T":"q","S":"ETH/USD","bp":1,"bs":2,"ap":3,"as":4,"t":"2024-03-12T10:29:43.111588173Z"}""";

    [Theory]
    [InlineData("""{"T":"t","S":"BTC/USD","s":1,"t":"2024-03-12T10:27:48Z"}""", "t", "'p'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":1,"s":1}""", "t", "'t'")]
    [InlineData("""{"T":"t","p":1,"s":1,"t":"2024-03-12T10:27:48Z"}""", "t", "'S'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":"abc","s":1,"t":"2024-03-12T10:27:48Z"}""", "t", "'p'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":1e999,"s":1,"t":"2024-03-12T10:27:48Z"}""", "t", "'p'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":1,"s":1,"t":"yesterday"}""", "t", "'t'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":1,"s":1,"t":"2024-03-12T10:27:48.1234567891Z"}""", "t", "'t'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":1,"s":1,"t":12345}""", "t", "'t'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":1,"s":1,"t":"2024-03-12T10:27:48Z","i":"x"}""", "t", "'i'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":1,"s":1,"t":"2024-03-12T10:27:48Z","i":1.5}""", "t", "'i'")]
    [InlineData("""{"T":"t","S":"BTC/USD","p":1,"s":1,"t":"2024-03-12T10:27:48Z","c":[1,2]}""", "t", "'c'")]
    [InlineData("""{"T":"t","S":["BTC/USD"],"p":1,"s":1,"t":"2024-03-12T10:27:48Z"}""", "t", "'S'")]
    [InlineData("""{"T":"q","S":"ETH/USD","bp":1,"bs":2,"ap":3,"t":"2024-03-12T10:29:43Z"}""", "q", "'as'")]
    [InlineData("""{"T":"b","S":"BTC/USD","o":1,"h":1,"l":1,"c":"1","v":0,"t":"2024-03-12T10:37:00Z"}""", "b", "'c'")]
    [InlineData("""{"T":"b","S":"BTC/USD","o":1,"h":1,"l":1,"c":1,"t":"2024-03-12T10:37:00Z"}""", "b", "'v'")]
    [InlineData("""{"T":"u","S":"BTC/USD","o":1,"h":1,"l":1,"c":1,"v":1,"t":"2024-03-12T10:37:00Z","n":"many"}""", "u", "'n'")]
    [InlineData("""{"T":"o","S":"BTC/USD","t":"2024-03-12T10:37:00Z","b":[{"p":1}],"a":[]}""", "o", "'b'")]
    [InlineData("""{"T":"o","S":"BTC/USD","t":"2024-03-12T10:37:00Z","b":[],"a":"none"}""", "o", "'a'")]
    [InlineData("""{"T":"o","S":"BTC/USD","t":"2024-03-12T10:37:00Z","b":[],"a":[],"r":"yes"}""", "o", "'r'")]
    public void A_malformed_element_is_reported_and_its_siblings_are_delivered(string bad, string type, string field)
    {
        var sink = RecordingSink.Decode(_feed, $"[{GoodTrade},{bad},{GoodQuote}]");
        sink.Trades.Count.ShouldBe(1);
        sink.Quotes.Count.ShouldBe(1);
        var error = sink.Errors.ShouldHaveSingleItem();
        error.Index.ShouldBe(1);
        error.MessageType.ShouldBe(type);
        error.Reason.ShouldContain(field);
        sink.Events[1].ShouldBe(error); // in frame order
    }

    [Fact]
    public void Element_without_T_and_non_object_elements_are_reported_with_their_index()
    {
        var sink = RecordingSink.Decode(_feed, $$"""[{"S":"BTC/USD"},42,"x",[1],null,{{GoodTrade}}]""");
        sink.Errors.Select(e => e.Index).ShouldBe([0, 1, 2, 3, 4]);
        sink.Errors[0].Reason.ShouldContain("'T'");
        sink.Trades.Count.ShouldBe(1);
    }

    [Fact]
    public void Truncated_frame_delivers_completed_elements_then_one_error()
    {
        var frame = $"[{GoodTrade},{GoodQuote},{GoodTrade[..40]}";
        var sink = RecordingSink.Decode(_feed, frame);
        sink.Trades.Count.ShouldBe(1);
        sink.Quotes.Count.ShouldBe(1);
        var error = sink.Errors.ShouldHaveSingleItem();
        error.Index.ShouldBe(2);
        error.MessageType.ShouldBe("t");
        sink.Events.Last().ShouldBe(error);
    }

    [Fact]
    public void Frame_cut_between_elements_reports_the_next_index_without_a_type()
    {
        var sink = RecordingSink.Decode(_feed, $"[{GoodTrade},");
        sink.Trades.Count.ShouldBe(1);
        var error = sink.Errors.ShouldHaveSingleItem();
        error.Index.ShouldBe(1);
        error.MessageType.ShouldBeNull();
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("42")]
    [InlineData("\"just a string\"")]
    [InlineData("\u0000\u0001\u0002")]
    public void A_frame_that_is_not_json_is_one_error_at_index_minus_one(string frame)
    {
        var sink = RecordingSink.Decode(_feed, frame);
        sink.Events.Count.ShouldBe(1);
        sink.Errors.ShouldHaveSingleItem().Index.ShouldBe(-1);
    }

    [Fact]
    public void Invalid_utf8_bytes_never_throw()
    {
        var sink = new RecordingSink();
        byte[] frame = [.. "[{\"T\":\"t\",\"S\":\""u8, 0xC3, 0x28, 0xFF, .. "\",\"p\":1}]"u8];
        Should.NotThrow(() => _feed.Decode(frame, sink));
        sink.Errors.ShouldNotBeEmpty();
    }

    [Fact]
    public void Trailing_garbage_after_a_complete_frame_is_reported_after_its_elements()
    {
        var sink = RecordingSink.Decode(_feed, $"[{GoodTrade}] trailing");
        sink.Trades.Count.ShouldBe(1);
        sink.Errors.ShouldHaveSingleItem().Index.ShouldBe(-1);
    }

    [Fact]
    public void Unknown_fields_of_any_shape_are_ignored_in_any_key_order()
    {
        var sink = RecordingSink.Decode(_feed, """
            [{"extra":{"deep":[1,{"x":[null,true]}]},"t":"2024-03-12T10:27:48Z","r":1712345678,"tks":"B","p":1.5,
              "list":[{"a":1}],"S":"BTC/USD","s":2,"T":"t","flag":false,"n":null}]
            """);
        var trade = sink.Trades.ShouldHaveSingleItem();
        trade.Price.ShouldBe(1.5);
        trade.TakerSide.ShouldBe("B");
        sink.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Unknown_types_go_to_OnUnknown_and_siblings_still_decode()
    {
        var sink = RecordingSink.Decode(_feed, $$"""[{"T":"p","S":"BTC-PERP","fr":0.0001},{"T":"n","headline":"x"},{{GoodTrade}}]""");
        sink.Unknown.ShouldBe(["p", "n"]);
        sink.Trades.Count.ShouldBe(1);
        sink.Errors.ShouldBeEmpty();
    }

    [Fact]
    public void A_single_object_frame_is_decoded_like_a_one_element_array()
    {
        var sink = RecordingSink.Decode(_feed, GoodQuote);
        sink.Quotes.ShouldHaveSingleItem().Symbol.ShouldBe("ETH/USD");
    }

    [Fact]
    public void Escaped_strings_decode_correctly()
    {
        var sink = RecordingSink.Decode(_feed, """{"T":"t","S":"BTC\/USD","p":1,"s":1,"t":"2024-03-12T10:27:48\u002E5Z","tks":"\u0042"}""");
        var trade = sink.Trades.ShouldHaveSingleItem();
        trade.Symbol.ShouldBe("BTC/USD");
        trade.TakerSide.ShouldBe("B");
        trade.Timestamp.ToString().ShouldBe("2024-03-12T10:27:48.500Z");
    }

    [Fact]
    public void Decoding_many_frames_with_many_symbols_stays_correct_past_the_cache_size()
    {
        var sink = new RecordingSink();
        for (int i = 0; i < 10_000; i++)
            _feed.Decode(System.Text.Encoding.UTF8.GetBytes($$"""[{"T":"t","S":"C{{i}}/USD","p":{{i}},"s":1,"t":"2024-03-12T10:27:48Z"}]"""), sink);
        sink.Trades.Count.ShouldBe(10_000);
        sink.Trades[9_999].Symbol.ShouldBe("C9999/USD");
        sink.Trades[5].Symbol.ShouldBe("C5/USD");
    }
}
