using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Analysis.Signals;
using static Torghut.Tests.Analysis.TaEnvelopes;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

public sealed class TaEngineTests
{
    private readonly TaEngine _engine = new();
    private readonly TaOutput _out = new();

    [Fact]
    public void One_second_and_one_minute_cadences_keep_separate_state_and_windows()
    {
        var minute = NanoTimestamp.Parse("2026-02-22T14:03:00Z");
        _engine.OnEnvelope(Bar("BTC/USD", minute, 1, 1, 1, 1000, 2), minute, _out);
        for (int i = 0; i < 5; i++) _engine.OnEnvelope(Trade("BTC/USD", Ms(i * 1000), 10, 1), Ms(i * 1000), _out);
        var oneM = _out.Signals.Where(s => s.Cadence == Cadence.OneMinute).ShouldHaveSingleItem();
        var oneS = _out.Signals.Where(s => s.Cadence == Cadence.OneSecond).ToList();
        oneS.Count.ShouldBe(2);
        oneS.ShouldAllBe(s => s.Ema!.Ema12 == 10 && s.Vwap!.Session == 10); // the 1 m close of 1000 never leaks in
        oneM.Ema!.Ema12.ShouldBe(1000);
        oneM.Window.ShouldBe(new TaWindow("PT1M", "PT1M", minute, NanoTimestamp.Parse("2026-02-22T14:04:00Z")));
        (oneM.EventTs, oneM.Seq, oneM.Source).ShouldBe((minute, minute.UnixSeconds, "ws"));
        oneS[0].Window.Size.ShouldBe("PT1S");
    }

    [Fact]
    public void An_updated_bar_replaces_the_minute_and_is_emitted_again_with_the_same_key()
    {
        var m0 = NanoTimestamp.Parse("2026-02-20T15:30:00Z");
        var m1 = m0.AddNanoseconds(60_000_000_000);
        _engine.OnEnvelope(Bar("NVDA", m0, 1, 1, 1, 100, 10), m0, _out);
        _engine.OnEnvelope(Bar("NVDA", m1, 1, 1, 1, 110, 10), m1, _out);
        _engine.OnEnvelope(Bar("NVDA", m1, 1, 1, 1, 120, 30, channel: "updatedBars"), m1, _out);
        _engine.OnEnvelope(Bar("NVDA", m0, 1, 1, 1, 100, 10, source: "rest"), m1, _out); // backfill copy of m0: recompute m0 and m1
        _out.Signals.Count.ShouldBe(5);
        var revised = _out.Signals[2];
        (revised.EventTs, revised.Seq, revised.IsFinal).ShouldBe((m1, m1.UnixSeconds, false));
        revised.Vwap!.Session.ShouldBe((100 * 10 + 120 * 30) / 40.0, 1e-12);
        _out.Signals[4].Vwap!.Session.ShouldBe(revised.Vwap.Session, 1e-12);
        _engine.Counters.SignalRevisions.ShouldBe(2);
    }

    [Fact]
    public void Crypto_session_vwap_resets_at_utc_midnight_and_equity_at_new_york_midnight()
    {
        var before = NanoTimestamp.Parse("2026-02-22T23:59:00Z");
        var after = NanoTimestamp.Parse("2026-02-23T00:00:00Z");
        foreach (var sym in new[] { "BTC/USD", "NVDA" })
        {
            _engine.OnEnvelope(Bar(sym, before, 1, 1, 1, 100, 1), before, _out);
            _engine.OnEnvelope(Bar(sym, after, 1, 1, 1, 200, 1), after, _out);
        }
        _out.Signals[1].Vwap!.Session.ShouldBe(200);  // BTC: new UTC day
        _out.Signals[3].Vwap!.Session.ShouldBe(150);  // NVDA: still 18:59–19:00 in New York
        new NewYorkTradingDaySession().SessionKey(NanoTimestamp.Parse("2026-02-23T04:59:59Z"))
            .ShouldBe(new NewYorkTradingDaySession().SessionKey(before));
        new NewYorkTradingDaySession().SessionKey(NanoTimestamp.Parse("2026-07-23T04:00:00Z"))  // EDT: midnight NY
            .ShouldNotBe(new NewYorkTradingDaySession().SessionKey(NanoTimestamp.Parse("2026-07-23T03:59:59Z")));
    }

    [Fact]
    public void Quotes_feed_imbalance_only_while_fresh()
    {
        var minute = NanoTimestamp.Parse("2026-02-22T14:03:00Z");
        var end = minute.AddNanoseconds(60_000_000_000);
        _engine.OnEnvelope(Quote("ETH/USD", end.AddNanoseconds(-1_500_000_000), 1973.12, 2.5, 1973.96, 1.25), end, _out);
        _engine.OnEnvelope(Bar("ETH/USD", minute, 1, 1, 1, 1973, 1), end, _out);
        _out.Signals[0].Imbalance.ShouldNotBeNull();
        _out.Signals[0].Imbalance!.Spread.ShouldBe(1973.96 - 1973.12, 1e-12);
        (_out.Signals[0].Imbalance!.BidSz, _out.Signals[0].Imbalance!.AskSz).ShouldBe((2.5, 1.25));

        _engine.OnEnvelope(Quote("ETH/USD", end.AddNanoseconds(-2_500_000_000), 1, 1, 2, 1), end, _out); // 2.5 s before the close
        _engine.OnEnvelope(Bar("ETH/USD", minute, 1, 1, 1, 1973, 1), end, _out);
        _out.Signals[1].Imbalance.ShouldBeNull();
    }

    [Fact]
    public void Non_finite_values_never_reach_outputs()
    {
        // prices that overflow c·v and a zero close (log return −∞) exercise every guard
        var m = NanoTimestamp.Parse("2026-02-22T14:00:00Z");
        double[] closes = [1e308, 1e308, 0, 5, 1e-300, 1e308];
        for (int i = 0; i < 40; i++)
        {
            var t = m.AddNanoseconds(i * 60_000_000_000L);
            _engine.OnEnvelope(Bar("X/USD", t, 1, 1, 1, closes[i % closes.Length], 1e308), t, _out);
        }
        for (int i = 0; i < 40; i++) _engine.OnEnvelope(Trade("Y/USD", Ms(i * 1000), i % 3 == 0 ? 0 : 1e308, 1e308), Ms(i * 1000), _out);
        _out.Signals.Count.ShouldBeGreaterThan(70);
        _engine.Counters.NonFiniteSuppressed.ShouldBeGreaterThan(0);
        foreach (var s in _out.Signals)
        {
            double?[] values = [s.Ema?.Ema12, s.Ema?.Ema26, s.Macd?.Macd, s.Macd?.Signal, s.Macd?.Hist, s.Rsi14, s.Boll?.Mid, s.Boll?.Upper,
                s.Boll?.Lower, s.Vwap?.Session, s.Vwap?.W5m, s.VolRealizedW60s, s.Imbalance?.Spread];
            values.ShouldAllBe(v => v == null || double.IsFinite(v.Value));
        }
        _out.Microbars.ShouldAllBe(b => b.Vwap == null || double.IsFinite(b.Vwap.Value));
    }

    [Fact]
    public void Status_reports_watermark_lag_and_last_event()
    {
        _engine.Status(T0, 1).WatermarkLagMs.ShouldBeNull();
        _engine.OnEnvelope(Trade("BTC/USD", Ms(0), 1, 1), Ms(0), _out);
        _engine.OnEnvelope(Trade("BTC/USD", Ms(4_000), 1, 1), Ms(4_000), _out);
        var status = _engine.Status(Ms(5_000), 7);
        (status.WatermarkLagMs, status.LastEventTs, status.Seq, status.Status).ShouldBe((3_000L, Ms(1_000), 7L, "ok"));
    }
}
