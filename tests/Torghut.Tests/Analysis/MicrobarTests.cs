using Torghut.Host.Analysis;
using Torghut.Host.Analysis.Microbars;
using static Torghut.Tests.Analysis.TaEnvelopes;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

public sealed class MicrobarTests
{
    private readonly TaEngine _engine = new();
    private readonly TaOutput _out = new();

    private void Trade(long ms, double price, double size = 1, string symbol = "BTC/USD", long nowMs = -1) =>
        _engine.OnEnvelope(TaEnvelopes.Trade(symbol, Ms(ms), price, size), Ms(nowMs < 0 ? ms : nowMs), _out);

    [Fact]
    public void Ohlc_follows_trade_timestamps_not_arrival_order()
    {
        Trade(500, 102);   // arrives first, traded in the middle
        Trade(900, 104);   // the last trade of the second
        Trade(100, 100);   // the first trade of the second, arriving late (still within out-of-orderness)
        Trade(700, 99, 2);
        _out.Microbars.ShouldBeEmpty();
        Trade(3_000, 200); // watermark = 1.0 s → [0, 1 s) is due
        var bar = _out.Microbars.ShouldHaveSingleItem();
        (bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, bar.Count).ShouldBe((100.0, 104.0, 99.0, 104.0, 5.0, 4L));
        bar.Vwap!.Value.ShouldBe((102 + 104 + 100 + 99 * 2) / 5.0, 1e-12);
        bar.EventTs.ShouldBe(Ms(1_000));
        bar.Window.ShouldBe(new TaWindow("PT1S", "PT1S", Ms(0), Ms(1_000)));
        bar.Seq.ShouldBe(Ms(0).UnixSeconds);
        (bar.Source, bar.IsFinal).ShouldBe(("ta", true));
        _engine.Counters.MicrobarsEmitted.ShouldBe(1);
    }

    [Fact]
    public void A_bucket_is_held_until_the_watermark_passes_its_end()
    {
        Trade(0, 1);
        Trade(2_999, 1); // watermark 0.999 s: [0,1) not yet due
        _out.Microbars.ShouldBeEmpty();
        Trade(3_000, 1);
        _out.Microbars.Count.ShouldBe(1);
    }

    [Fact]
    public void Late_trades_within_lateness_re_emit_the_bar_with_the_same_key_and_older_ones_are_dropped()
    {
        Trade(100, 10);
        Trade(5_000, 20); // emits [0,1)
        var first = _out.Microbars.ShouldHaveSingleItem();
        Trade(300, 5, 3); // late: bar [0,1) merged and emitted again
        _out.Microbars.Count.ShouldBe(2);
        var again = _out.Microbars[1];
        (again.Symbol, again.EventTs, again.Seq).ShouldBe((first.Symbol, first.EventTs, first.Seq));
        (again.Open, again.Low, again.Close, again.Volume, again.Count).ShouldBe((10.0, 5.0, 5.0, 4.0, 2L));
        _engine.Counters.LateMerged.ShouldBe(1);

        Trade(20_000, 30); // watermark 18 s: [0,1) ended 17 s before it, lateness is 10 s
        var emitted = _out.Microbars.Count;
        Trade(200, 1);
        _out.Microbars.Count.ShouldBe(emitted);
        _engine.Counters.LateDropped.ShouldBe(1);
        // each emitted microbar produced a 1 s signal, the re-emission one more (same key)
        _out.Signals.Count.ShouldBe(_out.Microbars.Count);
        _out.Signals[1].EventTs.ShouldBe(first.EventTs);
    }

    [Fact]
    public void A_late_trade_for_a_second_without_trades_opens_and_emits_that_bar()
    {
        Trade(100, 10);
        Trade(5_000, 20);
        Trade(1_500, 15); // [1,2) had no bar; watermark 3 s → late, within lateness
        _out.Microbars.Count.ShouldBe(2);
        _out.Microbars[1].EventTs.ShouldBe(Ms(2_000));
        _out.Signals.Count.ShouldBe(2);
        _engine.Counters.SignalRevisions.ShouldBe(0); // appended after [0,1): not a revision
    }

    [Fact]
    public void Idle_symbols_flush_on_advance_without_stalling_the_others()
    {
        Trade(100, 10, symbol: "ETH/USD");
        Trade(200, 10, symbol: "BTC/USD");
        _engine.Advance(Ms(4_000), _out);
        _out.Microbars.ShouldBeEmpty(); // 5 s idle timeout not reached
        Trade(4_500, 11, symbol: "BTC/USD", nowMs: 4_500); // BTC keeps trading; ETH is quiet
        _out.Microbars.Select(b => b.Symbol).ShouldBe(["BTC/USD"]);
        _engine.Advance(Ms(5_200), _out);
        _out.Microbars.Select(b => b.Symbol).ShouldBe(["BTC/USD", "ETH/USD"]);
        _engine.Counters.MicrobarsIdleFlushed.ShouldBe(1);
        _engine.Advance(Ms(9_600), _out); // BTC's open [4,5) bar now idle too
        _out.Microbars.Count.ShouldBe(3);
        _out.Microbars[2].EventTs.ShouldBe(Ms(5_000));
    }

    [Fact]
    public void Options_are_honoured()
    {
        var engine = new TaEngine(new TaEngineOptions { Microbars = new MicrobarOptions { OutOfOrderness = TimeSpan.Zero, AllowedLateness = TimeSpan.Zero } });
        var output = new TaOutput();
        engine.OnEnvelope(TaEnvelopes.Trade("X", Ms(100), 1, 1), Ms(100), output);
        engine.OnEnvelope(TaEnvelopes.Trade("X", Ms(1_000), 2, 1), Ms(1_000), output);
        output.Microbars.Count.ShouldBe(1);
        engine.OnEnvelope(TaEnvelopes.Trade("X", Ms(900), 3, 1), Ms(1_000), output);
        engine.Counters.LateDropped.ShouldBe(1);
    }

    [Fact]
    public void Replays_produce_identical_keys()
    {
        static List<(string, long, long)> Run()
        {
            var engine = new TaEngine();
            var output = new TaOutput();
            for (int i = 0; i < 50; i++) engine.OnEnvelope(TaEnvelopes.Trade("X", Ms(i * 370), 100 + i, 1), Ms(i * 370), output);
            return output.Microbars.Select(b => (b.Symbol, b.EventTs.UnixNanoseconds, b.Seq)).ToList();
        }
        Run().ShouldBe(Run());
    }
}
