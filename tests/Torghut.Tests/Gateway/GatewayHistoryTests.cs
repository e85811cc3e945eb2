using System.Net;
using System.Text.Json;
using Torghut.Abstractions;
using Torghut.Host.Ingest;

namespace Torghut.Tests.Gateway;

/// <summary>Alpaca's historical-bars call answered from the 1 m bars Torghut published.</summary>
public sealed class GatewayHistoryTests
{
    [Fact]
    public async Task The_bars_call_answers_the_last_version_of_each_published_minute_in_alpacas_shape_with_paging()
    {
        await using var gateway = await GatewayHarness.StartAsync();
        const long minute = 60_000_000_000;
        var m0 = new NanoTimestamp((NanoTimestamp.Now.UnixNanoseconds / minute - 30) * minute); // within the served days
        for (var i = 0; i < 3; i++)
        {
            var t = m0.AddNanoseconds(i * minute);
            await gateway.PublishAsync(gateway.Envelopes.Bar(new Bar("BTC/USD", 100 + i, 101 + i, 99 + i, 100.5 + i, 2.5, t, Vwap: 100.25 + i, TradeCount: 7), EnvelopeSource.Ws));
            await gateway.PublishAsync(gateway.Envelopes.Bar(new Bar("ETH/USD", 10 + i, 11, 9, 10.5, 0.125, t, Vwap: 10.25, TradeCount: 3), EnvelopeSource.Ws));
        }
        // A late trade corrects BTC's first minute: history answers the correction.
        await gateway.PublishAsync(gateway.Envelopes.Bar(new Bar("BTC/USD", 100, 103, 99, 102, 3.5, m0, BarKind.Updated, 101, 8), EnvelopeSource.Ws));

        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("APCA-API-KEY-ID", GatewayHarness.Key);
        http.DefaultRequestHeaders.Add("APCA-API-SECRET-KEY", GatewayHarness.Secret);
        var url = $"{gateway.HttpUrl}/v1beta3/crypto/us/bars?symbols=ETH/USD,BTC/USD&timeframe=1Min&limit=4";
        var page1 = JsonDocument.Parse(await http.GetStringAsync(url)).RootElement;
        var btc = page1.GetProperty("bars").GetProperty("BTC/USD").EnumerateArray().ToList();
        btc.Count.ShouldBe(3);
        btc[0].GetRawText().ShouldBe($$"""{"t":"{{m0}}","o":100.0,"h":103.0,"l":99.0,"c":102.0,"v":3.5,"n":8,"vw":101.0}""");
        btc[2].GetProperty("c").GetDouble().ShouldBe(102.5);
        page1.GetProperty("bars").GetProperty("ETH/USD").GetArrayLength().ShouldBe(1);
        var token = page1.GetProperty("next_page_token").GetString()!;
        var page2 = JsonDocument.Parse(await http.GetStringAsync($"{url}&page_token={Uri.EscapeDataString(token)}")).RootElement;
        page2.GetProperty("bars").GetProperty("ETH/USD").EnumerateArray().Select(b => b.GetProperty("o").GetDouble()).ShouldBe([11.0, 12.0]);
        page2.GetProperty("next_page_token").ValueKind.ShouldBe(JsonValueKind.Null);

        // As at Alpaca: crypto history is open, stock history needs keys, and wrong keys are refused everywhere.
        using var anonymous = new HttpClient();
        (await anonymous.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync($"{gateway.HttpUrl}/v2/stocks/bars?symbols=AAPL&timeframe=1Min")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await http.GetAsync($"{gateway.HttpUrl}/v2/stocks/bars?symbols=AAPL&timeframe=1Min")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var wrong = new HttpClient();
        wrong.DefaultRequestHeaders.Add("APCA-API-KEY-ID", GatewayHarness.Key);
        wrong.DefaultRequestHeaders.Add("APCA-API-SECRET-KEY", "wrong");
        (await wrong.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await http.GetAsync($"{gateway.HttpUrl}/v1beta3/crypto/us/bars?symbols=DOGE/USD&timeframe=1Min")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await http.GetAsync($"{gateway.HttpUrl}/v1beta3/crypto/us/bars?symbols=BTC/USD&timeframe=1Hour")).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }
}
