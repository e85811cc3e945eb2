using Prometheus;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Metrics;

using static Torghut.Tests.Ingest.TestFrames;

namespace Torghut.Tests.Ingest;

/// <summary>
/// Ingest lag is handed to the observers once per frame and channel, not per message: every lag must still arrive
/// exactly once (no merging, no sampling), negative lags (clock skew) stay unobserved, and the Prometheus histogram
/// and the SLO window must end up with the same observations as per-message observing gave.
/// </summary>
public sealed class FrameLagTests
{
    private sealed class Recorder
    {
        public List<(string Channel, NanoTimestamp ReceivedAt, double[] Lags)> Calls { get; } = [];
        public void Observe(string channel, NanoTimestamp receivedAt, ReadOnlySpan<double> lags) => Calls.Add((channel, receivedAt, lags.ToArray()));
    }

    [Fact]
    public void A_frame_hands_each_channel_its_lags_once_in_arrival_order_and_skips_clock_skew()
    {
        var now = Ms(1_000);
        var recorder = new Recorder();
        var sink = Sink(() => now, recorder.Observe);

        sink.Clear();
        sink.OnTrade(new Trade("BTC/USD", 1, 2, Ms(990)));
        sink.OnQuote(new Quote("BTC/USD", 1, 2, 3, 4, Ms(700)));
        sink.OnTrade(new Trade("ETH/USD", 1, 2, Ms(1_250))); // event after receipt: clock skew, not observed
        sink.OnBar(new Bar("BTC/USD", 1, 1, 1, 1, 1, Ms(-59_000)));
        sink.OnTrade(new Trade("ETH/USD", 1, 2, Ms(400)));
        sink.OnTrade(new Trade("ETH/USD", double.NaN, 2, Ms(500))); // no envelope, so no lag
        recorder.Calls.ShouldBeEmpty(); // nothing is observed before the frame ends
        sink.EndFrame();

        recorder.Calls.Select(c => c.Channel).ShouldBe(["trades", "quotes", "bars"]);
        recorder.Calls.ShouldAllBe(c => c.ReceivedAt == Ms(1_000)); // the frame's receipt time, its envelopes' ingestTs
        recorder.Calls[0].Lags.ShouldBe([10.0, 600.0]);
        recorder.Calls[1].Lags.ShouldBe([300.0]);
        recorder.Calls[2].Lags.ShouldBe([60_000.0]);

        sink.EndFrame(); // ending twice observes nothing twice
        recorder.Calls.Count.ShouldBe(3);
    }

    [Fact]
    public void A_frame_that_was_not_ended_is_observed_when_the_next_starts()
    {
        var now = Ms(100);
        var recorder = new Recorder();
        var sink = Sink(() => now, recorder.Observe);
        sink.Clear();
        for (var i = 0; i < 40; i++) sink.OnQuote(new Quote("SOL/USD", 1, 2, 3, 4, Ms(i))); // more than the initial buffer

        now = Ms(200);
        sink.Clear();
        var first = recorder.Calls.ShouldHaveSingleItem();
        first.Lags.ShouldBe(Enumerable.Range(0, 40).Select(i => 100.0 - i));
        first.ReceivedAt.ShouldBe(Ms(100));
        sink.OnQuote(new Quote("SOL/USD", 1, 2, 3, 4, Ms(150)));
        sink.EndFrame();
        recorder.Calls[1].Lags.ShouldBe([50.0]);
    }

    [Fact]
    public void The_lag_histogram_gets_every_lag_of_a_batch_on_the_lane_and_channel_series()
    {
        var histogram = LagHistogram.Create(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry()));
        var observe = LagHistogram.Observer(histogram, "crypto");
        observe("trades", T0, [0.5, 3, 700]);
        observe("trades", T0, [2]);
        observe(new string("quotes".AsSpan()), T0, [40_000]); // a channel name that is not the sink's instance

        var trades = histogram.WithLabels("crypto", "trades");
        trades.Count.ShouldBe(4);
        trades.Sum.ShouldBe(705.5);
        var quotes = histogram.WithLabels("crypto", "quotes");
        quotes.Count.ShouldBe(1);
        quotes.Sum.ShouldBe(40_000);
    }
}
