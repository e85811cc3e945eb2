using Torghut.Abstractions;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis.Signals;

/// <summary>
/// The indicator state of ONE symbol at ONE cadence (1 s and 1 m never share a series — the upstream [D] defect).
/// Every indicator is incremental, O(1) per bar:
/// <list type="bullet">
/// <item>EMA12/26 seeded with the first close (upstream/ta4j), MACD = EMA12 − EMA26, signal = EMA9 of MACD seeded
/// with the first MACD; defined from bar 1, as upstream;</item>
/// <item>RSI14: Wilder — first averages are the simple means of the first 14 changes, then (13·avg + x)/14; null until
/// 14 changes; 100 when avg loss is 0 and avg gain &gt; 0, 0 when both are 0 (upstream);</item>
/// <item>Bollinger: SMA20 ± 2 population σ, null until 20 bars; realized vol: population σ of the log returns
/// between the last <see cref="SignalOptions.RealizedVolBars"/> bars, null until 2 bars;</item>
/// <item>session VWAP Σ(c·v)/Σv reset at the symbol's session boundary; rolling VWAP over bar time.</item>
/// </list>
/// Revisions: each history entry stores the scalar state AFTER its bar. A bar that replaces or is inserted before
/// the newest bar restores the state of the bar before it, rebuilds the windowed sums from the bounded history,
/// and replays forward — emitting a signal again for the revised bar and every bar after it (same keys, so the
/// store replaces them). A revision deeper than the configured depth, or older than the history, is dropped and
/// counted. Warm-up (<see cref="Warm"/>): a series a worker creates for a symbol it took over first replays the
/// symbol's stored bars through the same path with no output, optionally seeded with the session sums of the bars
/// older than those. Not thread-safe.
/// </summary>
internal sealed class SignalSeries
{
    private const double Alpha12 = 2.0 / (SignalOptions.EmaFast + 1), Alpha26 = 2.0 / (SignalOptions.EmaSlow + 1),
        Alpha9 = 2.0 / (SignalOptions.MacdSignal + 1);

    private readonly string _symbol;
    private readonly Cadence _cadence;
    private readonly SignalOptions _options;
    private readonly ISessionCalendar _session;
    private readonly TaCounters _counters;
    private readonly int _maxRevisionDepth;
    private readonly Entry[] _history;
    private readonly RollingMoments _closes = new(SignalOptions.BollingerPeriod);
    private readonly RollingMoments _returns;
    private readonly TimeWindowVwap _vwapWindow;
    private readonly List<SeriesBar> _replay = [];
    private int _head, _count;
    private bool _trimmed;
    private ScalarState _state;
    /// <summary>Σ(c·v), Σv of the session's bars older than the first bar of this series (a truncated warm-up).</summary>
    private (long Key, double Pv, double Vol)? _sessionSeed;

    public SignalSeries(string symbol, Cadence cadence, SignalOptions options, int maxRevisionDepth, TaCounters counters)
    {
        _symbol = symbol;
        _cadence = cadence;
        _options = options;
        _counters = counters;
        _session = options.SessionFor(symbol);
        _maxRevisionDepth = maxRevisionDepth;
        _returns = new RollingMoments(Math.Max(1, options.RealizedVolBars - 1));
        var barSeconds = cadence == Cadence.OneSecond ? 1 : 60;
        var vwapBars = (int)Math.Ceiling(options.VwapWindow.TotalSeconds / barSeconds) + 1;
        var windowBars = Math.Max(Math.Max(SignalOptions.BollingerPeriod, options.RealizedVolBars), vwapBars);
        _vwapWindow = new TimeWindowVwap(vwapBars, options.VwapWindow.Ticks * 100);
        _history = new Entry[windowBars + maxRevisionDepth + 1];
    }

    public int HistoryCapacity => _history.Length;

    /// <summary>
    /// Replays the bars that preceded this series' first live bar (oldest first) through <see cref="OnBar"/> without
    /// emitting or counting signals, so the series continues as the one that saw them live would. When
    /// <paramref name="truncated"/> (older bars exist but were not loaded), <paramref name="earlierSessionPv"/> /
    /// <paramref name="earlierSessionVolume"/> are Σ(c·v), Σv of the bars of session <paramref name="sessionKey"/> older
    /// than <paramref name="bars"/>, and revisions can no longer reach before the first bar (its prior state is unknown).
    /// The long-memory indicators (EMA/MACD, RSI) then equal the full-history values within floating-point tolerance;
    /// with every bar of the symbol loaded they are identical.
    /// </summary>
    public void Warm(IReadOnlyList<SeriesBar> bars, bool truncated, long sessionKey, double earlierSessionPv, double earlierSessionVolume)
    {
        if (_count != 0 || _state.Bars != 0) throw new InvalidOperationException("a series is warmed before its first bar");
        if (truncated && earlierSessionVolume != 0) _sessionSeed = (sessionKey, earlierSessionPv, earlierSessionVolume);
        foreach (var bar in bars) OnBar(bar, null, null);
        if (truncated) _trimmed = true;
    }

    /// <summary>Adds, replaces or inserts <paramref name="bar"/>; appends the signals it produces (none when <paramref name="output"/> is null: warm-up).</summary>
    public void OnBar(in SeriesBar bar, LatestQuote? quote, List<TaSignal>? output)
    {
        if (_count == 0 || bar.Time > At(_count - 1).Bar.Time)
        {
            Apply(bar, quote, output);
            return;
        }
        int j = _count - 1;
        while (j > 0 && _count - j <= _maxRevisionDepth && At(j - 1).Bar.Time >= bar.Time) j--;
        // Too deep, or at the start of a trimmed history (the state before the bar is gone): drop.
        // Counted only live: a warm-up replays revisions the previous owner already counted.
        var live = output is not null;
        if (_count - j > _maxRevisionDepth || (j == 0 && _trimmed))
        {
            if (live) _counters.SignalRevisionsDropped++;
            return;
        }
        if (live) _counters.SignalRevisions++;
        _replay.Clear();
        _replay.Add(bar);
        for (int k = At(j).Bar.Time == bar.Time ? j + 1 : j; k < _count; k++) _replay.Add(At(k).Bar);
        _count = j;
        _state = j > 0 ? At(j - 1).After : default;
        RebuildWindows();
        foreach (var b in _replay) Apply(b, quote, output);
    }

    /// <summary>
    /// Takes the bar at <paramref name="time"/> out (every trade of it was cancelled) and replays the bars after it,
    /// emitting their signals again; the removed bar's own signal row is left as it was (a store cannot delete).
    /// A bar not in the history, or too deep, is counted as a dropped revision.
    /// </summary>
    public void Remove(NanoTimestamp time, LatestQuote? quote, List<TaSignal>? output)
    {
        int j = _count - 1;
        while (j > 0 && _count - j <= _maxRevisionDepth && At(j).Bar.Time > time) j--;
        if (_count == 0 || At(j).Bar.Time != time || _count - j > _maxRevisionDepth || (j == 0 && _trimmed))
        {
            if (output is not null) _counters.SignalRevisionsDropped++;
            return;
        }
        if (output is not null) _counters.SignalRevisions++;
        _replay.Clear();
        for (int k = j + 1; k < _count; k++) _replay.Add(At(k).Bar);
        _count = j;
        _state = j > 0 ? At(j - 1).After : default;
        RebuildWindows();
        foreach (var b in _replay) Apply(b, quote, output);
    }

    private ref Entry At(int index) => ref _history[(_head + index) % _history.Length];

    private void RebuildWindows()
    {
        _closes.Reset();
        _returns.Reset();
        _vwapWindow.Reset();
        for (int k = 0; k < _count; k++)
        {
            ref var e = ref At(k);
            PushWindows(e.Bar, k > 0 ? At(k - 1).Bar.Close : double.NaN, k > 0);
        }
    }

    private void PushWindows(in SeriesBar bar, double prevClose, bool hasPrev)
    {
        _closes.Push(bar.Close);
        if (hasPrev) _returns.Push(Math.Log(bar.Close / prevClose));
        _vwapWindow.Push(bar.Time.UnixNanoseconds, bar.Close, bar.Volume);
    }

    private void Apply(in SeriesBar bar, LatestQuote? quote, List<TaSignal>? output)
    {
        var c = bar.Close;
        ref var s = ref _state;
        if (s.Bars == 0)
        {
            s.Ema12 = s.Ema26 = c;
            s.Signal9 = 0;
        }
        else
        {
            s.Ema12 += Alpha12 * (c - s.Ema12);
            s.Ema26 += Alpha26 * (c - s.Ema26);
            s.Signal9 += Alpha9 * (s.Ema12 - s.Ema26 - s.Signal9);
            var change = c - s.PrevClose;
            var gain = change > 0 ? change : 0;
            var loss = change < 0 ? -change : 0;
            s.Changes++;
            if (s.Changes <= SignalOptions.RsiPeriod)
            {
                s.AvgGain += gain;
                s.AvgLoss += loss;
                if (s.Changes == SignalOptions.RsiPeriod) { s.AvgGain /= SignalOptions.RsiPeriod; s.AvgLoss /= SignalOptions.RsiPeriod; }
            }
            else
            {
                s.AvgGain = (s.AvgGain * (SignalOptions.RsiPeriod - 1) + gain) / SignalOptions.RsiPeriod;
                s.AvgLoss = (s.AvgLoss * (SignalOptions.RsiPeriod - 1) + loss) / SignalOptions.RsiPeriod;
            }
        }
        var session = _session.SessionKey(bar.Time);
        if (s.Bars == 0 || session != s.SessionKey)
        {
            s.SessionKey = session;
            s.SessionPv = s.SessionVol = 0;
            // A truncated warm-up starts mid-session: carry the older part of the session's sums.
            if (s.Bars == 0 && _sessionSeed is { } seed && seed.Key == session) (s.SessionPv, s.SessionVol) = (seed.Pv, seed.Vol);
        }
        s.SessionPv += c * bar.Volume;
        s.SessionVol += bar.Volume;
        PushWindows(bar, s.PrevClose, s.Bars > 0);
        s.PrevClose = c;
        s.Bars++;
        Store(bar);
        output?.Add(Signal(bar, quote));
    }

    private void Store(in SeriesBar bar)
    {
        if (_count == _history.Length)
        {
            _head = (_head + 1) % _history.Length;
            _count--;
            _trimmed = true;
        }
        ref var e = ref At(_count);
        e.Bar = bar;
        e.After = _state;
        _count++;
    }

    private TaSignal Signal(in SeriesBar bar, LatestQuote? quote)
    {
        ref var s = ref _state;
        var macdLine = s.Ema12 - s.Ema26;
        var macd = Finite(macdLine, s.Signal9, macdLine - s.Signal9) ? new MacdValues(macdLine, s.Signal9, macdLine - s.Signal9) : Suppressed<MacdValues>();
        var ema = Finite(s.Ema12, s.Ema26, 0) ? new EmaValues(s.Ema12, s.Ema26) : Suppressed<EmaValues>();

        double? rsi = null;
        if (s.Changes >= SignalOptions.RsiPeriod)
        {
            var r = s.AvgLoss == 0 ? (s.AvgGain > 0 ? 100.0 : 0.0) : 100.0 - 100.0 / (1.0 + s.AvgGain / s.AvgLoss);
            rsi = double.IsFinite(r) ? r : SuppressedValue();
        }

        BollingerValues? boll = null;
        if (_closes.Count >= SignalOptions.BollingerPeriod)
        {
            var mid = _closes.Mean;
            var band = SignalOptions.BollingerK * Math.Sqrt(_closes.PopulationVariance);
            boll = _closes.Invalid == 0 && Finite(mid, mid + band, mid - band) ? new BollingerValues(mid, mid + band, mid - band) : Suppressed<BollingerValues>();
        }

        VwapValues? vwap = null;
        if (s.SessionVol > 0)
        {
            var session = s.SessionPv / s.SessionVol;
            var w5m = _vwapWindow.Value;
            if (w5m is { } w && !double.IsFinite(w)) w5m = SuppressedValue();
            vwap = double.IsFinite(session) ? new VwapValues(session, w5m) : Suppressed<VwapValues>();
        }

        double? vol = null;
        if (_returns.Count >= 1)
        {
            var sigma = Math.Sqrt(_returns.PopulationVariance);
            vol = _returns.Invalid == 0 && double.IsFinite(sigma) ? sigma : SuppressedValue();
        }

        ImbalanceValues? imbalance = null;
        if (quote is { } q && Math.Abs(bar.CloseTime.UnixNanoseconds - q.Time.UnixNanoseconds) <= _options.QuoteStaleAfter.Ticks * 100)
        {
            var spread = q.AskPx - q.BidPx;
            imbalance = double.IsFinite(spread) ? new ImbalanceValues(spread, q.BidPx, q.AskPx, q.BidSz, q.AskSz) : Suppressed<ImbalanceValues>();
        }

        if (_cadence == Cadence.OneSecond) _counters.Signals1s++; else _counters.Signals1m++;
        return new TaSignal(_symbol, bar.Time, bar.Seq, bar.IngestTs, bar.IsFinal, bar.Source, bar.Window, _cadence,
            macd, ema, rsi, boll, vwap, imbalance, vol);
    }

    private static bool Finite(double a, double b, double c) => double.IsFinite(a) && double.IsFinite(b) && double.IsFinite(c);

    private T? Suppressed<T>() where T : class
    {
        _counters.NonFiniteSuppressed++;
        return null;
    }

    private double? SuppressedValue()
    {
        _counters.NonFiniteSuppressed++;
        return null;
    }

    private struct ScalarState
    {
        public long Bars, Changes, SessionKey;
        public double Ema12, Ema26, Signal9, PrevClose, AvgGain, AvgLoss, SessionPv, SessionVol;
    }

    private struct Entry
    {
        public SeriesBar Bar;
        public ScalarState After;
    }
}
