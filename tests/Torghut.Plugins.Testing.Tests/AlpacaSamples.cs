using Torghut.Plugins.Testing;

namespace Torghut.Plugins.Testing.Tests;

/// <summary>Recorded frames and pages for the Alpaca plugins, copied from shared/docs/alpaca-protocol.md sections 3 and 5.</summary>
internal static class AlpacaSamples
{
    public static ConformanceSamples Crypto => new()
    {
        Frames =
        [
            """[{"T":"t","S":"AVAX/USD","p":47.299,"s":29.205707815,"t":"2024-03-12T10:27:48.858228144Z","i":3447222699101865076,"tks":"S"}]""",
            """[{"T":"q","S":"BAT/USD","bp":0.35718,"bs":13445.46,"ap":0.3581,"as":13561.902,"t":"2024-03-12T10:29:43.111588173Z"}]""",
            """[{"T":"b","S":"BTC/USD","o":71856.1435,"h":71856.1435,"l":71856.1435,"c":71856.1435,"v":0,"t":"2024-03-12T10:37:00Z","n":0,"vw":0}]""",
            """[{"T":"o","S":"BTC/USD","t":"2024-03-12T10:38:50.79613221Z","b":[{"p":71859.53,"s":0.27994},{"p":71849.4,"s":0.553986},{"p":71820.469,"s":0.83495}],"a":[{"p":71939.7,"s":0.83953},{"p":71940.4,"s":0.28025},{"p":71950.715,"s":0.555928}],"r":true}]""",
            // Frames carry several elements, mixed types included, as the stream batches them.
            """[{"T":"o","S":"MKR/USD","t":"2024-03-12T10:39:39.445492807Z","b":[],"a":[{"p":2614.587,"s":12.5308}]},{"T":"o","S":"CRV/USD","t":"2024-03-12T10:39:40.501160019Z","b":[{"p":0.7904,"s":0}],"a":[]}]""",
            """[{"T":"success","msg":"authenticated"},{"T":"b","S":"BTC/USD","o":26675.04,"h":26695.36,"l":26668.79,"c":26688.7,"v":3.227759152,"t":"2023-03-17T12:28:00Z","n":93,"vw":26679.5912436798},{"T":"b","S":"BTC/USD","o":26687.9,"h":26692.91,"l":26628.55,"c":26651.39,"v":11.568622108,"t":"2023-03-17T12:29:00Z","n":197,"vw":26651.7679765663}]""",
            """[{"T":"t","S":"BTC/USD","p":57527,"s":0.00421,"t":"2021-11-22T08:32:39.313396Z","i":17209535,"tks":"B"},{"T":"q","S":"BTC/USD","bp":57520.1,"bs":0.5,"ap":57530.2,"as":1.25,"t":"2021-11-22T08:32:39.5Z"}]""",
        ],
        TimestampsOrderedWithinFrame = true,
        BarsPageWithToken = """{"bars":{"BCH/USD":[{"t":"2021-11-11T11:11:00Z","o":679.75,"h":679.76,"l":679.26,"c":679.26,"v":3.67960285,"n":10,"vw":679.6324449731},{"t":"2021-11-11T11:12:00Z","o":679.44,"h":679.53,"l":679.44,"c":679.53,"v":0.18841132,"n":8,"vw":679.5228170977}]},"next_page_token":"QkNIL1VTRHxNfDIwMjEtMTEtMTFUMTE6MTI6MDBa"}""",
        ValidSymbols = ["btc/usd", "ETH/USD", "BTCUSD", " sol/usd "],
    };

    public static ConformanceSamples Equity => new()
    {
        Frames =
        [
            """[{"T":"t","S":"AAPL","i":628,"x":"K","p":162.92,"s":3,"c":["@","F","T","I"],"z":"C","t":"2023-04-06T11:54:26.838232225Z"},{"T":"t","S":"AAPL","i":75,"x":"Z","p":162.92,"s":3,"c":["@","F","T","I"],"z":"C","t":"2023-04-06T11:54:26.838562809Z"},{"T":"t","S":"AAPL","i":1465,"x":"P","p":162.91,"s":71,"c":["@","F","T","I"],"z":"C","t":"2023-04-06T11:54:26.83915973Z"}]""",
            """[{"T":"q","S":"AMD","bx":"U","bp":87.66,"bs":1,"ax":"Q","ap":87.68,"as":4,"t":"2021-02-22T15:51:45.335689322Z","c":["R"],"z":"C"}]""",
            """[{"T":"b","S":"SPY","o":388.985,"h":389.13,"l":388.975,"c":389.12,"v":49378,"n":461,"vw":389.062639,"t":"2021-02-22T19:15:00Z"},{"T":"u","S":"AAPL","o":100,"h":101.2,"l":98.67,"c":101.3,"v":2570,"t":"2021-03-05T16:00:30Z","n":1235,"vw":100.123457}]""",
            """[{"T":"s","S":"AAPL","sc":"H","sm":"Trading Halt","rc":"T12","rm":"Trading Halted; For information requested by NASDAQ","t":"2021-02-22T19:15:00Z","z":"C"}]""",
            """[{"T":"t","i":96921,"S":"AAPL","x":"D","p":126.55,"s":1,"t":"2021-02-22T15:51:44.208Z","c":["@","I"],"z":"C"},{"T":"q","S":"AAPL","bx":"Z","bp":139.74,"bs":3,"ax":"Q","ap":139.77,"as":1,"t":"2021-01-28T15:20:41.384564Z","c":"R","z":"C"}]""",
        ],
        TimestampsOrderedWithinFrame = true,
        BarsPageWithToken = """{"bars":{"META":[{"t":"2022-06-08T04:00:00Z","o":194.67,"h":202.03,"l":194.41,"c":196.64,"v":22211813,"n":246906,"vw":198.364578},{"t":"2022-06-09T04:00:00Z","o":194.28,"h":199.45,"l":183.68,"c":184,"v":23458984,"n":281546,"vw":190.750577}]},"next_page_token":"TUVUQXxEfDIwMjItMDYtMDlUMDQ6MDA6MDAuMDAwMDAwMDAwWg=="}""",
        ValidSymbols = ["aapl", "MSFT", " nvda ", "BRK.B"],
    };
}
