using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Ingest;
using Torghut.Host.Transport;
using Torghut.Host.Storage;

namespace Torghut.Tests.Analysis;

/// <summary>
/// Equity cancels (<c>x</c>) and corrections (<c>c</c>), as ingest writes them to the corrections topic, revise the
/// microbar holding the trade (re-emitted under its key) and the signals of that bar and every later one.
/// Envelopes come from the real <see cref="EnvelopeWriter"/>, so the tests read the published contract.
/// </summary>
public sealed class TradeRevisionTests
{
    private const string Symbol = "AAPL";
    private const long Second = 1_000_000_000L;
    private static readonly NanoTimestamp S0 = NanoTimestamp.Parse("2026-03-03T15:00:00Z");
    private static readonly TopicMap Topics =
        new("torghut.trades.v1", "torghut.quotes.v1", "torghut.bars.1m.v1", "torghut.status.v1");
    private readonly EnvelopeWriter _writer = new("alpaca", Topics, new SequenceClock());
    private readonly TaEngine _engine = new();
    private readonly TaOutput _out = new();
    private readonly List<(NanoTimestamp T, double P, double S, long Id)> _sent = [];
    private static long s_offset;

    private static NanoTimestamp At(double seconds) => S0.AddNanoseconds((long)(seconds * Second));

    private void Trade(double atSeconds, double price, double size, long id, string exchange = "V")
    {
        var t = At(atSeconds);
        _sent.Add((t, price, size, id));
        Feed(_writer.Trade(new Trade(Symbol, price, size, t, id, exchange, ["@"], "C")), t);
    }

    private void Cancel(long id, double price, double size, double atSeconds, RecordPosition position = default) =>
        Feed(_writer.Cancel(new TradeCancel(Symbol, At(atSeconds), id, price, size, "C", "V", "C")), At(atSeconds),
            position);

    private void Correct(long id, double price, double size, long newId, double newPrice, double newSize,
        double atSeconds) =>
        Feed(_writer.Correction(new TradeCorrection(Symbol, At(atSeconds), id, price, size, newId, newPrice, newSize,
            "V", ["@"], ["@"], "C")), At(atSeconds));

    private void Feed(TransportRecord record, NanoTimestamp now, RecordPosition position = default) =>
        _engine.OnEnvelope(record.Value.Span, now, _out, position);

    /// <summary>The newest version of each bar emitted so far, by window start.</summary>
    private Dictionary<long, TaMicrobar> Latest() =>
        _out.Microbars.GroupBy(b => b.Seq).ToDictionary(g => g.Key, g => g.Last());

    private static Dictionary<long, TaSignal> LatestSignals(TaOutput output) =>
        output.Signals.GroupBy(s => s.Seq).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>An engine that never saw the withdrawn trades: what the revised outputs must equal.</summary>
    private static TaOutput Reference(IEnumerable<(NanoTimestamp T, double P, double S, long Id)> trades,
        NanoTimestamp flushAt)
    {
        var engine = new TaEngine();
        var output = new TaOutput();
        var writer = new EnvelopeWriter("alpaca", Topics, new SequenceClock());
        foreach (var (t, p, s, id) in trades)
            engine.OnEnvelope(writer.Trade(new Trade(Symbol, p, s, t, id, "V", ["@"], "C")).Value.Span, t, output);
        engine.Advance(flushAt, output);
        return output;
    }

    [Fact]
    public void A_cancel_removes_the_trade_from_its_emitted_microbar_which_is_emitted_again_under_the_same_key()
    {
        Trade(0.1, 100, 10, id: 1);
        Trade(0.2, 105, 20, id: 2); // the bar's high
        Trade(0.3, 101, 30, id: 3);
        Trade(3.5, 102, 5, id: 4);  // watermark 1.5 s: second 0 is emitted
        var first = _out.Microbars.ShouldHaveSingleItem();
        first.High.ShouldBe(105);

        Cancel(2, 105, 20, atSeconds: 4);

        var revised = _out.Microbars[^1];
        (revised.Symbol, revised.EventTs, revised.Seq).ShouldBe((first.Symbol, first.EventTs, first.Seq));
        (revised.Open, revised.High, revised.Low, revised.Close, revised.Count)
            .ShouldBe((100.0, 101.0, 100.0, 101.0, 2L));
        revised.Volume.ShouldBe(40);
        revised.Vwap!.Value.ShouldBe((100 * 10 + 101 * 30) / 40.0, 1e-12);
        (_engine.Counters.Cancels, _engine.Counters.RevisionsApplied, _engine.Counters.CorrectionTooLate)
            .ShouldBe((1L, 1L, 0L));
    }

    [Fact]
    public void A_correction_replaces_the_trade_and_a_later_cancel_finds_it_under_its_new_id()
    {
        Trade(0.1, 100, 10, id: 1);
        Trade(0.2, 101, 10, id: 2); // the close
        Trade(3.5, 102, 5, id: 3);
        Correct(2, 101, 10, newId: 20, newPrice: 98, newSize: 40, atSeconds: 4);
        var corrected = _out.Microbars[^1];
        (corrected.Open, corrected.High, corrected.Low, corrected.Close, corrected.Count)
            .ShouldBe((100.0, 100.0, 98.0, 98.0, 2L));
        corrected.Volume.ShouldBe(50);

        Cancel(20, 98, 40, atSeconds: 4.5);
        var cancelled = _out.Microbars[^1];
        (cancelled.Seq, cancelled.Close, cancelled.Count, cancelled.Volume).ShouldBe((corrected.Seq, 100.0, 1L, 10.0));
        _engine.Counters.RevisionsApplied.ShouldBe(2);
    }

    [Fact]
    public void The_signals_of_the_revised_bar_and_of_every_later_bar_follow_the_revision()
    {
        var price = 100.0;
        for (var s = 0; s < 8; s++)
        {
            Trade(s + 0.2, price += 1.5 * (s % 3 - 1), 10 + s, id: 10 * s + 1);
            Trade(s + 0.6, price += 0.5, 7, id: 10 * s + 2);
        }
        Cancel(32, _sent[7].P, 7, atSeconds: 8); // second 3's closing trade, four bars back
        Correct(51, _sent[10].P, _sent[10].S, newId: 510, newPrice: 120, newSize: 3, atSeconds: 8.2);
        var flush = At(30);
        _engine.Advance(flush, _out);

        var survivors = _sent.Where(t => t.Id != 32).Select(t => t.Id == 51 ? (t.T, 120.0, 3.0, 510L) : t).ToList();
        var expected = Reference(survivors, flush);
        var bars = Latest();
        bars.Count.ShouldBe(8);
        foreach (var e in expected.Microbars)
        {
            var b = bars[e.Seq];
            (b.Open, b.High, b.Low, b.Close, b.Count, b.Volume)
                .ShouldBe((e.Open, e.High, e.Low, e.Close, e.Count, e.Volume), $"bar {e.Seq}");
        }
        var signals = LatestSignals(_out);
        foreach (var e in expected.Signals)
        {
            var s = signals[e.Seq];
            s.Ema!.Ema12.ShouldBe(e.Ema!.Ema12, 1e-9, $"signal {e.Seq}");
            s.Vwap!.Session.ShouldBe(e.Vwap!.Session, 1e-9, $"signal {e.Seq}");
            s.Macd!.Hist.ShouldBe(e.Macd!.Hist, 1e-9, $"signal {e.Seq}");
            (s.VolRealizedW60s ?? 0).ShouldBe(e.VolRealizedW60s ?? 0, 1e-9, $"signal {e.Seq}");
        }
        // The revision changed what was first emitted for second 3 onwards.
        var second3 = At(3).UnixSeconds;
        _out.Signals.First(s => s.Seq == second3).Vwap!.Session.ShouldNotBe(signals[second3].Vwap!.Session);
    }

    [Fact]
    public void A_bar_whose_only_trade_is_cancelled_is_emitted_empty_and_leaves_the_signal_series()
    {
        for (var s = 0; s < 6; s++) Trade(s + 0.5, 100 + 2 * s, 10, id: s + 1);
        Cancel(3, 104, 10, atSeconds: 6); // second 2's only trade
        var flush = At(30);
        _engine.Advance(flush, _out);

        var emptied = Latest()[At(2).UnixSeconds];
        (emptied.Count, emptied.Volume, emptied.Vwap).ShouldBe((0L, 0.0, (double?)null));
        var expected = Reference(_sent.Where(t => t.Id != 3), flush);
        var signals = LatestSignals(_out);
        foreach (var e in expected.Signals)
            signals[e.Seq].Ema!.Ema12.ShouldBe(e.Ema!.Ema12, 1e-9, $"signal {e.Seq}");
    }

    [Fact]
    public void A_revision_past_the_allowed_lateness_is_counted_and_changes_nothing()
    {
        Trade(0.5, 100, 10, id: 1);
        Trade(0.7, 101, 10, id: 2);
        Trade(14.5, 102, 10, id: 3); // watermark 12.5 s: second 0 ended 12.5 s ago, beyond the 10 s lateness
        var emitted = _out.Microbars.Count;
        Cancel(2, 101, 10, atSeconds: 15);
        _out.Microbars.Count.ShouldBe(emitted);
        (_engine.Counters.CorrectionTooLate, _engine.Counters.RevisionsApplied).ShouldBe((1L, 0L));
    }

    [Fact]
    public void A_revision_whose_record_is_stamped_after_the_freeze_is_counted_and_changes_nothing()
    {
        Trade(0.5, 100, 10, id: 1);
        Trade(0.7, 101, 10, id: 2);
        Trade(3.5, 102, 10, id: 3);
        var emitted = _out.Microbars.Count;
        var corrections = new PartitionKey(Topics.Corrections, 0);
        Cancel(2, 101, 10, atSeconds: 4, position: new RecordPosition(corrections, Interlocked.Increment(ref s_offset),
            At(1 + 30).UnixNanoseconds, Context: false));
        _out.Microbars.Count.ShouldBe(emitted);
        _engine.Counters.CorrectionTooLate.ShouldBe(1);
    }

    [Fact]
    public void After_a_takeover_a_context_cancel_revises_a_rebuilt_bar_and_is_not_counted_for_a_written_second()
    {
        // A new owner resumes both partitions from their commits: the first records are look-back context.
        var trades = new PartitionKey(Topics.Trades, 0);
        var corrections = new PartitionKey(Topics.Corrections, 0);
        long offset = 0;
        RecordPosition On(PartitionKey p, double recordSeconds, bool context) =>
            new(p, offset++, At(recordSeconds).UnixNanoseconds, context);
        void TradeAt(double s, double price, long id, bool context) =>
            Feed(_writer.Trade(new Trade(Symbol, price, 10, At(s), id, "V", ["@"], "C")), At(s),
                On(trades, s, context));

        TradeAt(0.5, 100, id: 1, context: true);  // second 0: the previous owner wrote it
        Cancel(1, 100, 10, atSeconds: 2, position: On(corrections, 2, context: true));  // applied by the previous owner
        Cancel(3, 103, 10, atSeconds: 3.5, position: On(corrections, 3.5, context: true)); // its trade is read below
        TradeAt(2.2, 102, id: 2, context: false); // second 2 is rebuilt here from all its trades
        TradeAt(2.4, 103, id: 3, context: false);
        TradeAt(20, 104, id: 4, context: false);  // the watermark passes both seconds and their lateness
        _engine.Advance(At(60), _out);

        var rebuilt = Latest()[At(2).UnixSeconds];
        (rebuilt.Count, rebuilt.Close, rebuilt.Volume).ShouldBe((1L, 102.0, 10.0));
        Latest().ShouldNotContainKey(At(0).UnixSeconds);
        (_engine.Counters.RevisionsApplied, _engine.Counters.CorrectionsUnmatched).ShouldBe((1L, 0L));
    }

    [Fact]
    public void A_cancel_read_before_its_trade_waits_for_it_and_an_unknown_trade_is_counted_unmatched()
    {
        Trade(0.1, 100, 10, id: 1);
        Cancel(2, 105, 20, atSeconds: 0.3);  // the trades partition is behind: trade 2 not read yet
        Cancel(99, 1, 1, atSeconds: 0.3);    // a trade never published
        Trade(0.2, 105, 20, id: 2);
        Trade(14, 101, 10, id: 3);
        _engine.Advance(At(40), _out);

        var bar = Latest()[At(0).UnixSeconds];
        (bar.High, bar.Count, bar.Volume).ShouldBe((100.0, 1L, 10.0));
        (_engine.Counters.RevisionsApplied, _engine.Counters.CorrectionsUnmatched).ShouldBe((1L, 1L));
    }

    [Fact]
    public void A_repaired_rest_trade_marked_canceled_or_incorrect_is_not_a_trade()
    {
        Trade(0.1, 100, 10, id: 1);
        foreach (var (state, id) in new[] { ("canceled", 7L), ("incorrect", 8L), ("corrected", 9L) })
        {
            var repaired = new Trade(Symbol, 200 + id, 50, At(0.4), id, "V", ["@"], "C") { Update = state };
            var record = _writer.Trade(repaired, EnvelopeSource.Rest);
            System.Text.Encoding.UTF8.GetString(record.Value.Span).ShouldContain($"\"u\":\"{state}\"");
            Feed(record, At(0.5));
        }
        _engine.Advance(At(30), _out);
        var bar = Latest()[At(0).UnixSeconds];
        // The corrected version is the trade now; the canceled and the incorrect ones are not.
        (bar.Count, bar.High, bar.Volume).ShouldBe((2L, 209.0, 60.0));
        _engine.Counters.WithdrawnTrades.ShouldBe(2);
    }
}
