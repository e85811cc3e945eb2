using System.Numerics;
using Torghut.Abstractions;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis.Microbars;

/// <summary>
/// Turns trades into 1 s microbars per symbol, in event time (upstream-contracts §6.2, with its defects fixed):
/// <list type="bullet">
/// <item>bucket = trade time truncated to the second, [s, s+1 s); o/h/l/c follow TRADE TIMESTAMP order (ties: arrival
/// order), not arrival order as upstream did;</item>
/// <item>a bucket is emitted once the symbol's watermark (max trade time − <see cref="MicrobarOptions.OutOfOrderness"/>)
/// reaches its end, or when the symbol has been idle (<see cref="Advance"/>);</item>
/// <item>late trades within <see cref="MicrobarOptions.AllowedLateness"/> update the emitted bar, which is emitted again
/// with the same key; older ones are dropped and counted;</item>
/// <item><c>seq</c> = window start in epoch seconds, so a replay writes identical keys;</item>
/// <item>a bar freezes <see cref="MicrobarOptions.FreezeAfter"/> after its end by record timestamp, and the first trade of
/// every bar not yet frozen is tracked, so the worker can commit an offset from which a new owner loses nothing
/// (<see cref="ResumeFloor"/>).</item>
/// </list>
/// Per-trade work touches one ring slot: no allocation. Trades with a venue identity (equity: exchange + id) are also
/// kept in their slot while it lives, so a cancel or correction can revise the bar (MicrobarAggregator.Revisions.cs).
/// Not thread-safe.
/// </summary>
public sealed partial class MicrobarAggregator
{
    private const long NanosPerSecond = 1_000_000_000L;
    private static readonly TaWindow Unused = new("PT1S", "PT1S", null, null);

    private readonly MicrobarOptions _options;
    private readonly TaCounters _counters;
    private readonly int _ringSize;
    private readonly Dictionary<string, SymbolBuckets> _symbols = new(StringComparer.Ordinal);
    private readonly List<SymbolBuckets> _all = [];

    public MicrobarAggregator(MicrobarOptions options, TaCounters counters)
    {
        _options = options;
        _counters = counters;
        // Live seconds of a symbol span [watermark − lateness − 1 s, max event]; the ring must hold them all uniquely.
        var span = (options.OutOfOrderNanos + options.LatenessNanos) / NanosPerSecond + 4;
        _ringSize = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(span, 8, 1 << 20));
    }

    /// <summary>Slots per symbol (seconds of state kept).</summary>
    public int RingSize => _ringSize;

    /// <summary>Adds one trade; appends any bars it causes to be emitted (due buckets, or a late re-emission).</summary>
    public void OnTrade(string symbol, NanoTimestamp time, double price, double size, NanoTimestamp now, List<TaMicrobar> output) =>
        OnTrade(symbol, time, price, size, now, output, default);

    /// <summary>
    /// Adds one trade read at <paramref name="position"/>. A <see cref="RecordPosition.Context"/> trade only moves the
    /// watermark and marks its second as written by the previous owner; later trades of such a second are skipped
    /// (counted), since the stored bar already holds every trade the previous owner accepted for it.
    /// </summary>
    public void OnTrade(string symbol, NanoTimestamp time, double price, double size, NanoTimestamp now, List<TaMicrobar> output,
        in RecordPosition position) => OnTrade(symbol, time, price, size, default, now, output, position);

    /// <summary>
    /// Adds one trade with its venue <paramref name="identity"/> (<see cref="TradeIdentity.Known"/>: it can be
    /// cancelled or corrected later, so its slot keeps it).
    /// </summary>
    public void OnTrade(string symbol, NanoTimestamp time, double price, double size, TradeIdentity identity,
        NanoTimestamp now, List<TaMicrobar> output, in RecordPosition position)
    {
        var s = Symbol(symbol, position);
        var t = time.UnixNanoseconds;
        var second = FloorDiv(t, NanosPerSecond);
        var end = (second + 1) * NanosPerSecond;
        if (position.Context)
        {
            if (t > s.MaxEvent)
            {
                s.MaxEvent = t;
                s.Watermark = Math.Max(s.Watermark, t - _options.OutOfOrderNanos);
            }
            (s.Inherited ??= []).Add(second);
            return;
        }
        s.LastArrival = now.UnixNanoseconds;
        // Advance first: a trade that raises the max is never late, and flushing before inserting keeps the open
        // seconds within the ring.
        if (t > s.MaxEvent)
        {
            s.MaxEvent = t;
            var wm = t - _options.OutOfOrderNanos;
            if (wm > s.Watermark)
            {
                s.Watermark = wm;
                FlushDue(s, now, output, idle: false);
                ExpirePending(s, now.UnixNanoseconds);
            }
        }
        if (s.Inherited is { } inherited && inherited.Contains(second))
        {
            _counters.ResumeSkipped++;
            return;
        }
        if (position.Known && position.TimestampNanos >= end + _options.FreezeNanos)
        {
            _counters.FrozenDropped++;
            return;
        }
        ref var slot = ref s.Ring[second & (_ringSize - 1)];
        if (end <= s.Watermark)
        {
            if (end + _options.LatenessNanos <= s.Watermark)
            {
                _counters.LateDropped++;
                return;
            }
            _counters.LateMerged++;
            if (slot.State == SlotState.Emitted && slot.Second == second) slot.Add(t, price, size);
            else
            {
                slot.Open(second, t, price, size); // a second that had no trades until now
                Track(s, second, position);
            }
            slot.State = SlotState.Emitted;
            Remember(s, ref slot, t, price, size, identity, now, output);
            output.Add(ToBar(s.Symbol, ref slot, now));
            return;
        }
        if (slot.State == SlotState.Open && slot.Second == second)
        {
            slot.Add(t, price, size);
            Remember(s, ref slot, t, price, size, identity, now, output);
            return;
        }
        if (slot.State == SlotState.Open) Emit(s, ref slot, now, output, idle: false); // defensive: cannot happen with the ring sized as above
        slot.Open(second, t, price, size);
        Track(s, second, position);
        if (second < s.MinOpen) s.MinOpen = second;
        if (second > s.MaxOpen) s.MaxOpen = second;
        Remember(s, ref slot, t, price, size, identity, now, output);
    }

    /// <summary>
    /// Where a member taking <paramref name="partition"/> over must start reading so that nothing is lost: the first
    /// trade (offset and record timestamp) of the oldest bar of that partition's symbols that is still open or not yet
    /// frozen, judged at <paramref name="clockNanos"/> (the partition's newest record timestamp). Null when no bar
    /// needs it. Frozen, emitted bars are forgotten here; their rows are in the store.
    /// </summary>
    public (long Offset, long TimestampNanos)? ResumeFloor(PartitionKey partition, long clockNanos)
    {
        var frozenUpTo = clockNanos - _options.FreezeNanos - _options.ToleranceNanos;
        (long Offset, long TimestampNanos)? floor = null;
        foreach (var s in _all)
        {
            if (s.Source != partition) continue;
            s.Tracked.RemoveAll(e => (e.Second + 1) * NanosPerSecond <= frozenUpTo && !IsOpen(s, e.Second));
            s.Inherited?.RemoveWhere(second => (second + 1) * NanosPerSecond <= frozenUpTo);
            foreach (var e in s.Tracked)
                if (floor is null || e.Offset < floor.Value.Offset) floor = (e.Offset, e.TimestampNanos);
        }
        return floor;
    }

    /// <summary>Forgets every symbol read from <paramref name="partition"/> (the group gave it to another member), without emitting.</summary>
    public void Drop(PartitionKey partition)
    {
        _all.RemoveAll(s => s.Source == partition);
        foreach (var symbol in _symbols.Where(kv => kv.Value.Source == partition).Select(kv => kv.Key).ToList()) _symbols.Remove(symbol);
    }

    private SymbolBuckets Symbol(string symbol, in RecordPosition position)
    {
        if (!_symbols.TryGetValue(symbol, out var s))
        {
            s = new SymbolBuckets(symbol, _ringSize);
            _symbols.Add(symbol, s);
            _all.Add(s);
        }
        // Keyed by symbol, so a symbol's trades all come from one partition.
        if (position.Known) s.Source = position.Partition;
        return s;
    }

    private static void Track(SymbolBuckets s, long second, in RecordPosition position)
    {
        if (position.Known) s.Tracked.Add(new TrackedBar(second, position.Offset, position.TimestampNanos));
    }

    private bool IsOpen(SymbolBuckets s, long second)
    {
        ref var slot = ref s.Ring[second & (_ringSize - 1)];
        return slot.State == SlotState.Open && slot.Second == second;
    }

    /// <summary>
    /// Processing-time progress: flushes the open buckets of every symbol that has had no trade for
    /// <see cref="MicrobarOptions.IdleTimeout"/>. Call it periodically (e.g. every second) and when input pauses.
    /// </summary>
    public void Advance(NanoTimestamp now, List<TaMicrobar> output)
    {
        var nowNanos = now.UnixNanoseconds;
        foreach (var s in _all)
        {
            ExpirePending(s, nowNanos);
            if (s.MinOpen > s.MaxOpen || nowNanos - s.LastArrival < _options.IdleNanos) continue;
            s.Watermark = Math.Max(s.Watermark, (s.MaxOpen + 1) * NanosPerSecond);
            FlushDue(s, now, output, idle: true);
        }
    }

    /// <summary>The highest watermark over all symbols; null before the first trade.</summary>
    public NanoTimestamp? MaxWatermark()
    {
        long max = long.MinValue;
        foreach (var s in _all) max = Math.Max(max, s.Watermark);
        return max == long.MinValue ? null : new NanoTimestamp(max);
    }

    private void FlushDue(SymbolBuckets s, NanoTimestamp now, List<TaMicrobar> output, bool idle)
    {
        var second = s.MinOpen;
        for (; second <= s.MaxOpen && (second + 1) * NanosPerSecond <= s.Watermark; second++)
        {
            ref var slot = ref s.Ring[second & (_ringSize - 1)];
            if (slot.State == SlotState.Open && slot.Second == second) Emit(s, ref slot, now, output, idle);
        }
        if (second > s.MaxOpen) { s.MinOpen = long.MaxValue; s.MaxOpen = long.MinValue; }
        else s.MinOpen = second;
    }

    private void Emit(SymbolBuckets s, ref Slot slot, NanoTimestamp now, List<TaMicrobar> output, bool idle)
    {
        slot.State = SlotState.Emitted;
        _counters.MicrobarsEmitted++;
        if (idle) _counters.MicrobarsIdleFlushed++;
        output.Add(ToBar(s.Symbol, ref slot, now));
    }

    private static TaMicrobar ToBar(string symbol, ref Slot slot, NanoTimestamp now)
    {
        var start = NanoTimestamp.FromUnix(slot.Second);
        var end = NanoTimestamp.FromUnix(slot.Second + 1);
        double? vwap = slot.Volume > 0 ? slot.PriceVolume / slot.Volume : null;
        if (vwap is { } v && !double.IsFinite(v)) vwap = null;
        return new TaMicrobar(symbol, end, slot.Second, now, IsFinal: true, Source: "ta", Unused with { Start = start, End = end },
            slot.O, slot.H, slot.L, slot.C, slot.Volume, vwap, slot.Count);
    }

    private static long FloorDiv(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);

    private enum SlotState : byte { Empty, Open, Emitted }

    private struct Slot
    {
        public long Second;
        public SlotState State;
        public double O, H, L, C, Volume, PriceVolume;
        public long Count, FirstTs, LastTs;
        /// <summary>A revisable symbol's bar's trades, in arrival order (reused when the slot opens another second).
        /// </summary>
        public List<KeptTrade>? Trades;

        public void Open(long second, long t, double p, double size)
        {
            Second = second;
            State = SlotState.Open;
            Trades?.Clear();
            Start(t, p, size);
        }

        /// <summary>The OHLCV of one trade (the first of the bar).</summary>
        public void Start(long t, double p, double size)
        {
            O = H = L = C = p;
            Volume = size;
            PriceVolume = p * size;
            Count = 1;
            FirstTs = LastTs = t;
        }

        public void Add(long t, double p, double size)
        {
            if (Count == 0) { Start(t, p, size); return; } // every earlier trade of the bar was cancelled
            if (p > H) H = p;
            if (p < L) L = p;
            if (t < FirstTs) { FirstTs = t; O = p; }   // strictly earlier: ties keep the first arrival as open
            if (t >= LastTs) { LastTs = t; C = p; }    // equal time: the later arrival closes, as the venue sequenced them
            Volume += size;
            PriceVolume += p * size;
            Count++;
        }
    }

    /// <summary>A bar this worker opened: its second and the offset/record timestamp of its first trade.</summary>
    private readonly record struct TrackedBar(long Second, long Offset, long TimestampNanos);

    private sealed class SymbolBuckets(string symbol, int ringSize)
    {
        public readonly string Symbol = symbol;
        public PartitionKey Source;
        /// <summary>Bars opened here that are open or not yet frozen (commit bookkeeping); short: ~freeze seconds.</summary>
        public readonly List<TrackedBar> Tracked = [];
        /// <summary>Seconds the look-back context showed the previous owner had trades for: skipped here.</summary>
        public HashSet<long>? Inherited;
        public readonly Slot[] Ring = new Slot[ringSize];
        public long MaxEvent = long.MinValue, Watermark = long.MinValue, LastArrival;
        public long MinOpen = long.MaxValue, MaxOpen = long.MinValue;
        /// <summary>A trade of this symbol had a venue identity: its slots keep their trades for revisions.</summary>
        public bool Revisable;
        /// <summary>Cancels/corrections read before their trade (another partition); bounded, see Revisions.</summary>
        public List<PendingRevision>? Pending;
    }
}
