using System.Net;
using System.Text.Json;
using Alpaca.Simulator;
using Alpaca.Simulator.Faults;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Ingest.Backfill;
using Torghut.Tests.Support;
using Torghut.Host.Transport;

namespace Torghut.Tests.Ingest;

public sealed class BarBackfillerTests
{
    private static readonly DateTimeOffset SimStart = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TopicMap Topics = new("t", "q", "torghut.bars.1m.v1", "s");

    private static (BarBackfiller Backfiller, RecordingPublisher Publisher) Backfiller(IBackfillSource source, HttpClient http, BackfillOptions? options = null)
    {
        var publisher = new RecordingPublisher();
        var envelopes = new EnvelopeWriter("alpaca", Topics, new SequenceClock());
        return (new BarBackfiller(source, new VenueCredentials("k", "s"), http, b => envelopes.Bar(b, EnvelopeSource.Rest), publisher,
            NullLogger.Instance, options), publisher);
    }

    private static IBackfillSource CryptoSource(AlpacaSimulatorServer sim) =>
        AlpacaLane.Plugin("Alpaca.Crypto").CreateBackfill(VenueContext.From(sim.Settings.ToDictionary(kv => kv.Key, kv => (string?)kv.Value)))!;

    private static async Task AssertEveryMinuteOnceAsync(AlpacaSimulatorServer sim, RecordingPublisher publisher, string symbol, DateTimeOffset from, DateTimeOffset to)
    {
        var bars = publisher.Envelopes("bars").Where(e => e.GetProperty("symbol").GetString() == symbol).ToList();
        bars.ShouldAllBe(e => e.GetProperty("source").GetString() == "rest");
        var byMinute = bars.GroupBy(e => e.GetProperty("eventTs").GetString()!).ToDictionary(g => g.Key, g => g.ToList());
        for (var minute = from; minute <= to; minute = minute.AddMinutes(1))
        {
            var key = NanoTimestamp.FromDateTimeOffset(minute).ToString();
            byMinute.ShouldContainKey(key, $"{symbol} missing {key}");
            byMinute[key].Count.ShouldBe(1, $"{symbol} {key} published twice");
            var expected = sim.ExpectedBar(symbol, minute).ShouldNotBeNull();
            byMinute[key][0].GetProperty("payload").GetProperty("c").GetDouble().ShouldBe((double)expected.Close, 1e-9);
        }
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Pages_through_three_hours_of_bars_for_each_symbol_exactly_once()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Start = SimStart });
        using var http = new HttpClient();
        var (backfiller, publisher) = Backfiller(CryptoSource(sim), http, new BackfillOptions { PageSize = 50 });
        var from = SimStart.AddHours(-3);
        var to = SimStart.AddMinutes(-2); // the minute before start is not closed yet at start
        await backfiller.RunAsync(new Dictionary<string, NanoTimestamp>
        {
            ["BTC/USD"] = NanoTimestamp.FromDateTimeOffset(from), ["ETH/USD"] = NanoTimestamp.FromDateTimeOffset(from),
        }, NanoTimestamp.FromDateTimeOffset(to), CancellationToken.None);
        await AssertEveryMinuteOnceAsync(sim, publisher, "BTC/USD", from, to);
        await AssertEveryMinuteOnceAsync(sim, publisher, "ETH/USD", from, to);
        backfiller.Stats.Pages.ShouldBeGreaterThanOrEqualTo(2 * 180 / 50);
        backfiller.Stats.FailedSymbols.ShouldBe(0);
    }

    [Fact]
    public async Task Venue_500s_and_malformed_pages_are_retried_without_losing_a_minute()
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { Start = SimStart });
        sim.Faults.Apply(FaultPlan.Parse("rest-error rate=0.5 code=500 count=3; rest-malformed rate=0.5 count=2"));
        using var http = new HttpClient();
        var (backfiller, publisher) = Backfiller(CryptoSource(sim), http,
            new BackfillOptions { PageSize = 30, RetryBase = TimeSpan.FromMilliseconds(10) });
        var from = SimStart.AddHours(-2);
        var to = SimStart.AddMinutes(-2); // the minute before start is not closed yet at start
        await backfiller.RunAsync(new Dictionary<string, NanoTimestamp> { ["BTC/USD"] = NanoTimestamp.FromDateTimeOffset(from) },
            NanoTimestamp.FromDateTimeOffset(to), CancellationToken.None);
        await AssertEveryMinuteOnceAsync(sim, publisher, "BTC/USD", from, to);
        (backfiller.Stats.Retries + backfiller.Stats.MalformedPages).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_429_waits_for_the_venues_retry_time_and_then_continues()
    {
        var handler = new ScriptedHandler(
            _ => Response(HttpStatusCode.TooManyRequests, """{"message":"too many requests"}""", retryAfterSeconds: 1),
            _ => Response(HttpStatusCode.OK, """{"bars":{"BTC/USD":[{"t":"2026-11-20T10:00:00Z","o":1,"h":2,"l":0.5,"c":1.5,"v":0.25,"n":3,"vw":1.2}]},"next_page_token":null}"""));
        using var http = new HttpClient(handler);
        var (backfiller, publisher) = Backfiller(AlpacaLane.Plugin("Alpaca.Crypto").CreateBackfill(VenueContext.From(new Dictionary<string, string?>()))!, http);
        var started = DateTime.UtcNow;
        await backfiller.RunAsync(new Dictionary<string, NanoTimestamp> { ["BTC/USD"] = NanoTimestamp.Parse("2026-11-20T09:00:00Z") }, null, CancellationToken.None);
        (DateTime.UtcNow - started).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(900));
        backfiller.Stats.RateLimited.ShouldBe(1);
        publisher.Envelopes("bars").Single().GetProperty("payload").GetProperty("v").GetDouble().ShouldBe(0.25);
    }

    [Fact]
    public async Task A_repeated_page_token_stops_the_chain_instead_of_looping()
    {
        var page = """{"bars":{"BTC/USD":[{"t":"2026-11-20T10:00:00Z","o":1,"h":1,"l":1,"c":1,"v":1}]},"next_page_token":"same"}""";
        var handler = new ScriptedHandler(_ => Response(HttpStatusCode.OK, page));
        using var http = new HttpClient(handler);
        var (backfiller, _) = Backfiller(AlpacaLane.Plugin("Alpaca.Crypto").CreateBackfill(VenueContext.From(new Dictionary<string, string?>()))!, http);
        await backfiller.RunAsync(new Dictionary<string, NanoTimestamp> { ["BTC/USD"] = NanoTimestamp.Parse("2026-11-20T09:00:00Z") }, null, CancellationToken.None);
        backfiller.Stats.FailedSymbols.ShouldBe(1);
        handler.Calls.ShouldBe(2);
    }

    private static HttpResponseMessage Response(HttpStatusCode code, string body, int? retryAfterSeconds = null)
    {
        var response = new HttpResponseMessage(code) { Content = new StringContent(body) };
        if (retryAfterSeconds is { } s) response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(s));
        return response;
    }

    /// <summary>Answers requests in order from a script (the last answer repeats).</summary>
    private sealed class ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] script) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(script[Math.Min(Calls++, script.Length - 1)](request));
    }
}
