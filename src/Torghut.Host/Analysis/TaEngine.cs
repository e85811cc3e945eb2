using Torghut.Abstractions;
using Torghut.Host.Analysis.Microbars;
using Torghut.Host.Analysis.Parsing;
using Torghut.Host.Analysis.Signals;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis;

/// <summary>Options of one <see cref="TaEngine"/>.</summary>
public sealed record TaEngineOptions
{
    public MicrobarOptions Microbars { get; init; } = new();
    public SignalOptions Signals { get; init; } = new();

    /// <summary>
    /// How many stored microbars a new 1 s signal series is warmed with (<c>TA_WARMUP_BARS</c>; 0: no warm-up). 600 is
    /// enough for the long-memory indicators to forget their start to double precision (EMA26: (25/27)^600 ≈ 1e-20;
    /// Wilder RSI14: (13/14)^586 ≈ 1e-19) and covers the 300 s VWAP, Bollinger 20 and volatility 60 windows.
    /// </summary>
    public int WarmupBars { get; init; } = 600;

    /// <summary>
    /// The 1 m signal warm-up (<c>TA_WARMUP_1M_MINUTES</c>; zero: none): the bars topic's resume look-back, so a worker
    /// taking a bars partition over re-reads this much of it (record time) and feeds it silently into the 1 m series.
    /// A day covers the session VWAP and 1,440 bars, far more than EMA26/RSI14 need to forget their start
    /// ((25/27)^1440 ≈ 1e-48) and the Bollinger 20, volatility 60 and 5 min VWAP windows.
    /// </summary>
    public TimeSpan Warmup1m { get; init; } = TimeSpan.FromDays(1);
}

/// <summary>What one engine call produced. Reuse one instance per worker and <see cref="Clear"/> it between batches.</summary>
public sealed class TaOutput
{
    public List<TaMicrobar> Microbars { get; } = [];
    public List<TaSignal> Signals { get; } = [];

    public void Clear()
    {
        Microbars.Clear();
        Signals.Clear();
    }
}

/// <summary>
/// The TA computation for one worker's partitions: envelope JSON in, 1 s microbars and per-cadence signals out.
/// I/O-free and single-threaded (a worker owns one instance). Inputs: <c>trades</c> → microbars → 1 s signals;
/// <c>quotes</c> → the symbol's latest quote (never emits); <c>bars</c>/<c>updatedBars</c> (live, revisions and REST
/// backfill) → 1 m signals from their own indicator state. Keys are deterministic, so replays overwrite:
/// 1 s: event_ts = window end, seq = window start (epoch s); 1 m: event_ts = bar start, seq = bar start (epoch s).
/// <para>
/// Warm-up: when the engine creates a symbol's 1 s series (its first bar here: at start, after a takeover, after a
/// revoke and re-assign) it first replays, silently, the symbol's stored microbars before that bar from
/// <see cref="IMicrobarHistory"/> (the last <see cref="TaEngineOptions.WarmupBars"/>, plus the older part of the
/// session VWAP sums), so the series continues as the previous owner's did: identical while the symbol's history is
/// shorter than the window, within floating-point tolerance beyond it. The series created in one step (consume batch)
/// are warmed together at its <see cref="Advance"/> with one <see cref="IMicrobarHistory.BeforeAll"/> — a takeover
/// creates every symbol of the partition at once — and their bars' signals are computed then, with the quotes they
/// would have had: same values, same batch, one wait for the store instead of one per symbol. A history that cannot
/// be read is counted (<see cref="TaCounters.WarmupFailures"/>) and the series starts cold. The 1 m series are warmed
/// from Kafka instead (their inputs, Alpaca's 1 m close/volume, are stored nowhere): the bars topic's resume look-back
/// is <see cref="TaEngineOptions.Warmup1m"/> (see <see cref="ResumeLedger"/>), and a 1 m bar read as context goes
/// into its series silently, revisions included, so the series continues from where the previous owner's was.
/// </para>
/// </summary>
public sealed class TaEngine
{
    private readonly TaEngineOptions _options;
    private readonly TaEnvelopeParser _parser;
    private readonly MicrobarAggregator _microbars;
    private readonly Dictionary<string, SymbolState> _symbols = new(StringComparer.Ordinal);
    private readonly int _revisionDepth1s;
    private readonly IMicrobarHistory? _history;
    // New 1 s series waiting for the next Advance to read their warm-ups, in order of their first bar; the ones whose
    // partition is still owned also by symbol, where their next bars join them.
    private readonly List<HeldSeries> _held = [];
    private readonly Dictionary<string, HeldSeries> _holding = new(StringComparer.Ordinal);
    private TaEvent _event;
    private long _lastEventTs = long.MinValue;

    /// <param name="options">Timing and signal settings.</param>
    /// <param name="history">Where new 1 s series read their warm-up; null: every series starts cold.</param>
    public TaEngine(TaEngineOptions? options = null, IMicrobarHistory? history = null)
    {
        _options = options ?? new TaEngineOptions();
        _history = history;
        _parser = new TaEnvelopeParser(new SymbolTable());
        _microbars = new MicrobarAggregator(_options.Microbars, Counters);
        // A re-emitted microbar can be at most out-of-orderness + lateness seconds behind the newest one.
        _revisionDepth1s = (int)Math.Ceiling((_options.Microbars.OutOfOrderness + _options.Microbars.AllowedLateness).TotalSeconds) + 2;
    }

    public TaCounters Counters { get; } = new();

    /// <summary>Handles one Kafka record value (an envelope). Never throws on bad input: it is counted instead.</summary>
    public void OnEnvelope(ReadOnlySpan<byte> value, NanoTimestamp now, TaOutput output) => OnEnvelope(value, now, output, default);

    /// <summary>
    /// Handles one record read at <paramref name="position"/>. Look-back context (after a hand-over) emits nothing:
    /// a trade only rebuilds the watermark and marks its second as already written, a quote restores the latest
    /// quote, a 1 m bar goes into its symbol's 1 m series silently (the previous owner emitted its signal).
    /// </summary>
    public void OnEnvelope(ReadOnlySpan<byte> value, NanoTimestamp now, TaOutput output, in RecordPosition position)
    {
        Counters.Envelopes++;
        if (position.Context) Counters.ContextRecords++;
        var result = _parser.Parse(value, ref _event, out var failure);
        if (result == TaParseResult.Failed)
        {
            Counters.ParseFailures++;
            Counters.ParseFailuresByReason[(int)failure]++;
            return;
        }
        if (result == TaParseResult.IgnoredChannel)
        {
            Counters.IgnoredChannel++;
            return;
        }
        switch (_event.Kind)
        {
            case TaEventKind.Trade:
                Counters.Trades++;
                if (_event.Withdrawn)
                {
                    Counters.WithdrawnTrades++; // REST history: cancelled, or the incorrect original of a correction
                    break;
                }
                if (position.Known) State(_event.Symbol).TradeSource = position.Partition;
                var first = output.Microbars.Count;
                _microbars.OnTrade(_event.Symbol, _event.Time, _event.Price, _event.Size,
                    Identity(_event.HasTradeId, _event.TradeId), now, output.Microbars, position);
                SignalsForMicrobars(output, first);
                break;
            case TaEventKind.TradeCancel or TaEventKind.TradeCorrection:
                OnRevision(now, output, position);
                break;
            case TaEventKind.Quote:
                Counters.Quotes++;
                var quoted = State(_event.Symbol);
                if (position.Known) quoted.QuoteSource = position.Partition;
                quoted.Quote = new LatestQuote(_event.Time, _event.BidPx, _event.BidSz, _event.AskPx, _event.AskSz);
                break;
            case TaEventKind.Bar1m:
                Counters.Bars1m++;
                if (position.Known) State(_event.Symbol).BarSource = position.Partition;
                if (position.Context) Counters.Bars1mWarmup++;
                OnMinuteBar(now, position.Context ? null : output);
                break;
        }
    }

    /// <summary>
    /// A cancel/error or correction: revises the trade's microbar, whose re-emission then recomputes its signals and
    /// those of every later bar (<see cref="SignalSeries"/> revisions). Applied in look-back context too: a bar this
    /// worker rebuilt from its trades must lose the cancelled trade again; one it did not rebuild never finds it.
    /// </summary>
    private void OnRevision(NanoTimestamp now, TaOutput output, in RecordPosition position)
    {
        ref var e = ref _event;
        var cancel = e.Kind == TaEventKind.TradeCancel;
        if (cancel) Counters.Cancels++; else Counters.Corrections++;
        var revision = new TradeRevision(cancel ? RevisionKind.Cancel : RevisionKind.Correction,
            Identity(true, e.TradeId), e.Time, e.CorrectedId, e.CorrectedPrice, e.CorrectedSize);
        var first = output.Microbars.Count;
        _microbars.OnRevision(e.Symbol, revision, now, output.Microbars, position);
        SignalsForMicrobars(output, first);
    }

    private TradeIdentity Identity(bool hasId, long id) => hasId ? new TradeIdentity(_event.Exchange, id) : default;

    /// <summary>Processing-time progress: flushes the microbars of idle symbols (and their 1 s signals).</summary>
    public void Advance(NanoTimestamp now, TaOutput output)
    {
        var first = output.Microbars.Count;
        _microbars.Advance(now, output.Microbars);
        SignalsForMicrobars(output, first);
        WarmAwaitingSeries(output);
    }

    /// <summary>
    /// The offset (and its record timestamp) a member taking <paramref name="partition"/> over must start from so
    /// that no open or not-yet-frozen 1 s bar loses a trade; null when nothing on it needs one (quotes, 1 m bars).
    /// </summary>
    public (long Offset, long TimestampNanos)? ResumeFloor(PartitionKey partition, long clockNanos) =>
        _microbars.ResumeFloor(partition, clockNanos);

    /// <summary>
    /// Forgets the state read from <paramref name="partition"/> (the group moved it to another member) without
    /// emitting anything: open bars, the 1 s or 1 m indicator series, or the latest quotes. The new owner re-reads
    /// from the committed offset.
    /// </summary>
    public void DropPartition(PartitionKey partition)
    {
        _microbars.Drop(partition);
        foreach (var (symbol, state) in _symbols)
        {
            if (state.TradeSource == partition)
            {
                state.Series1s = null;
                // Bars already emitted still get their signals at the next Advance (as they would have at once), from
                // a series that is then dropped too.
                if (_holding.Remove(symbol, out var held)) held.Dropped = true;
            }
            if (state.QuoteSource == partition) state.Quote = null;
            if (state.BarSource == partition) state.Series1m = null;
        }
    }

    /// <summary>
    /// The heartbeat record (upstream §6.4): watermark lag = now − the highest symbol watermark (null before any
    /// trade), last event = the newest bar event time emitted.
    /// </summary>
    public TaStatus Status(NanoTimestamp now, long seq)
    {
        long? lag = _microbars.MaxWatermark() is { } wm ? Math.Max(0, (now.UnixNanoseconds - wm.UnixNanoseconds) / 1_000_000) : null;
        NanoTimestamp? last = _lastEventTs == long.MinValue ? null : new NanoTimestamp(_lastEventTs);
        return new TaStatus(now, seq, lag, last, "ok");
    }

    private void SignalsForMicrobars(TaOutput output, int first)
    {
        for (int i = first; i < output.Microbars.Count; i++)
        {
            var bar = output.Microbars[i];
            var state = State(bar.Symbol);
            Track(bar.EventTs);
            if (state.Series1s is null)
            {
                if (_history is not null && _options.WarmupBars > 0)
                {
                    // Held, with the quote it would have been computed with, until this step's warm-ups are read.
                    if (!_holding.TryGetValue(bar.Symbol, out var held))
                    {
                        _holding.Add(bar.Symbol, held = new HeldSeries(bar.Symbol));
                        _held.Add(held);
                    }
                    held.Bars.Add((bar, state.Quote));
                    continue;
                }
                state.Series1s = ColdSeries1s(bar.Symbol);
            }
            Feed(state.Series1s, bar, state.Quote, output.Signals);
        }
    }

    /// <summary>
    /// Creates the 1 s series of every symbol whose first bars came since the last <see cref="Advance"/>, warmed with
    /// one <see cref="IMicrobarHistory.BeforeAll"/> for all of them (a takeover: every symbol of the partition), then
    /// computes the signals of their held bars in order. Each symbol's signals are what creating its series at its first
    /// bar would have given; they come out at the end of the step instead, in the same batch.
    /// </summary>
    private void WarmAwaitingSeries(TaOutput output)
    {
        if (_held.Count == 0) return;
        var held = _held.ToList();
        _held.Clear();
        _holding.Clear();
        var requests = held.Select(h => new WarmupRequest(h.Symbol, h.Bars[0].Bar.EventTs,
            _options.Signals.SessionFor(h.Symbol).SessionStart(h.Bars[0].Bar.EventTs), _options.WarmupBars)).ToList();
        var results = _history!.BeforeAll(requests);
        for (var i = 0; i < held.Count; i++)
        {
            var series = NewSeries1s(held[i].Bars[0].Bar, results[i]);
            if (!held[i].Dropped) State(held[i].Symbol).Series1s = series;
            foreach (var (bar, quote) in held[i].Bars) Feed(series, bar, quote, output.Signals);
        }
    }

    private SignalSeries ColdSeries1s(string symbol) => new(symbol, Cadence.OneSecond, _options.Signals, _revisionDepth1s, Counters);

    /// <summary>A bar into its series; a bar whose every trade was cancelled (count 0) leaves it instead.</summary>
    private static void Feed(SignalSeries series, TaMicrobar bar, LatestQuote? quote, List<TaSignal> signals)
    {
        if (bar.Count == 0) series.Remove(bar.EventTs, quote, signals);
        else series.OnBar(ToSeriesBar(bar), quote, signals);
    }

    private static SeriesBar ToSeriesBar(TaMicrobar bar) =>
        new(bar.EventTs, bar.Seq, bar.IngestTs, bar.IsFinal, bar.Source, bar.Window, bar.Close, bar.Volume);

    /// <summary>A symbol's 1 s series, warmed with its stored bars before <paramref name="first"/> (see the class summary).</summary>
    private SignalSeries NewSeries1s(TaMicrobar first, WarmupResult read)
    {
        var series = ColdSeries1s(first.Symbol);
        if (read.Warmup is not { } warmup)
        {
            Counters.WarmupFailures++;
            return series;
        }
        var calendar = _options.Signals.SessionFor(first.Symbol);
        // Only bars strictly before the first one (the store may hold the previous owner's copies of it and later bars:
        // this engine re-emits those), at most the window, in time order. Known gap: if the first bar emitted here is a
        // late revision of a second older than bars the previous owner already stored, those stored later bars are not
        // in the series (they are not re-emitted here); it needs a trade both late and read after the look-back.
        var bars = new List<SeriesBar>(warmup.Bars.Count);
        foreach (var b in warmup.Bars)
            if (b.EventTs < first.EventTs && b.Count > 0 && (bars.Count == 0 || b.EventTs > bars[^1].Time))
                bars.Add(ToSeriesBar(b)); // count 0: every trade of it was cancelled (ADR 0045)
        if (bars.Count > _options.WarmupBars) bars.RemoveRange(0, bars.Count - _options.WarmupBars);
        series.Warm(bars, truncated: warmup.Bars.Count >= _options.WarmupBars, calendar.SessionKey(first.EventTs),
            warmup.EarlierSessionPv, warmup.EarlierSessionVolume);
        Counters.Warmups++;
        Counters.WarmupBars += bars.Count;
        return series;
    }

    /// <summary>Feeds the current 1 m bar into its series; <paramref name="output"/> null: warm-up (no signal, no status time).</summary>
    private void OnMinuteBar(NanoTimestamp now, TaOutput? output)
    {
        ref var e = ref _event;
        var state = State(e.Symbol);
        state.Series1m ??= new SignalSeries(e.Symbol, Cadence.OneMinute, _options.Signals, _options.Signals.MaxRevisionDepth1m, Counters);
        // Upstream labelled 1 m signals PT1S [t−1s, t]; the window here is the bar's real one: PT1M [t, t+60 s).
        var window = new TaWindow("PT1M", "PT1M", e.Time, e.Time.AddNanoseconds(60_000_000_000L));
        if (output is not null) Track(e.Time);
        state.Series1m.OnBar(new SeriesBar(e.Time, e.Time.UnixSeconds, now, e.IsFinal, e.Source, window, e.Close, e.Volume),
            state.Quote, output?.Signals);
    }

    private void Track(NanoTimestamp eventTs)
    {
        if (eventTs.UnixNanoseconds > _lastEventTs) _lastEventTs = eventTs.UnixNanoseconds;
    }

    private SymbolState State(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var s)) _symbols.Add(symbol, s = new SymbolState());
        return s;
    }

    /// <summary>A new 1 s series' bars since its symbol's first one here, each with the quote it had, until its warm-up is read.</summary>
    private sealed class HeldSeries(string symbol)
    {
        public string Symbol { get; } = symbol;
        public List<(TaMicrobar Bar, LatestQuote? Quote)> Bars { get; } = [];
        /// <summary>Its partition was given up meanwhile: the bars still get their signals, the series is not kept.</summary>
        public bool Dropped;
    }

    private sealed class SymbolState
    {
        public SignalSeries? Series1s, Series1m;
        public LatestQuote? Quote;
        /// <summary>The partitions this symbol's trades, quotes and 1 m bars come from (one each: keyed by symbol).</summary>
        public PartitionKey TradeSource, QuoteSource, BarSource;
    }
}
