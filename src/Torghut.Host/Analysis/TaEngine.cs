using Torghut.Abstractions;
using Torghut.Host.Analysis.Microbars;
using Torghut.Host.Analysis.Parsing;
using Torghut.Host.Analysis.Signals;

namespace Torghut.Host.Analysis;

/// <summary>Options of one <see cref="TaEngine"/>.</summary>
public sealed record TaEngineOptions
{
    public MicrobarOptions Microbars { get; init; } = new();
    public SignalOptions Signals { get; init; } = new();
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
/// </summary>
public sealed class TaEngine
{
    private readonly TaEngineOptions _options;
    private readonly TaEnvelopeParser _parser;
    private readonly MicrobarAggregator _microbars;
    private readonly Dictionary<string, SymbolState> _symbols = new(StringComparer.Ordinal);
    private readonly int _revisionDepth1s;
    private TaEvent _event;
    private long _lastEventTs = long.MinValue;

    public TaEngine(TaEngineOptions? options = null)
    {
        _options = options ?? new TaEngineOptions();
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
    /// quote, a 1 m bar is skipped (the previous owner processed it).
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
                if (position.Known) State(_event.Symbol).TradeSource = position.Partition;
                var first = output.Microbars.Count;
                _microbars.OnTrade(_event.Symbol, _event.Time, _event.Price, _event.Size, now, output.Microbars, position);
                SignalsForMicrobars(output, first);
                break;
            case TaEventKind.Quote:
                Counters.Quotes++;
                var quoted = State(_event.Symbol);
                if (position.Known) quoted.QuoteSource = position.Partition;
                quoted.Quote = new LatestQuote(_event.Time, _event.BidPx, _event.BidSz, _event.AskPx, _event.AskSz);
                break;
            case TaEventKind.Bar1m:
                Counters.Bars1m++;
                if (position.Context) break;
                if (position.Known) State(_event.Symbol).BarSource = position.Partition;
                OnMinuteBar(now, output);
                break;
        }
    }

    /// <summary>Processing-time progress: flushes the microbars of idle symbols (and their 1 s signals).</summary>
    public void Advance(NanoTimestamp now, TaOutput output)
    {
        var first = output.Microbars.Count;
        _microbars.Advance(now, output.Microbars);
        SignalsForMicrobars(output, first);
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
        foreach (var state in _symbols.Values)
        {
            if (state.TradeSource == partition) state.Series1s = null;
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
            state.Series1s ??= new SignalSeries(bar.Symbol, Cadence.OneSecond, _options.Signals, _revisionDepth1s, Counters);
            Track(bar.EventTs);
            state.Series1s.OnBar(new SeriesBar(bar.EventTs, bar.Seq, bar.IngestTs, bar.IsFinal, bar.Source, bar.Window, bar.Close, bar.Volume),
                state.Quote, output.Signals);
        }
    }

    private void OnMinuteBar(NanoTimestamp now, TaOutput output)
    {
        ref var e = ref _event;
        var state = State(e.Symbol);
        state.Series1m ??= new SignalSeries(e.Symbol, Cadence.OneMinute, _options.Signals, _options.Signals.MaxRevisionDepth1m, Counters);
        // Upstream labelled 1 m signals PT1S [t−1s, t]; the window here is the bar's real one: PT1M [t, t+60 s).
        var window = new TaWindow("PT1M", "PT1M", e.Time, e.Time.AddNanoseconds(60_000_000_000L));
        Track(e.Time);
        state.Series1m.OnBar(new SeriesBar(e.Time, e.Time.UnixSeconds, now, e.IsFinal, e.Source, window, e.Close, e.Volume),
            state.Quote, output.Signals);
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

    private sealed class SymbolState
    {
        public SignalSeries? Series1s, Series1m;
        public LatestQuote? Quote;
        /// <summary>The partitions this symbol's trades, quotes and 1 m bars come from (one each: keyed by symbol).</summary>
        public PartitionKey TradeSource, QuoteSource, BarSource;
    }
}
