using System.Collections.Concurrent;

namespace Alpaca.Simulator.Market;

/// <summary>
/// The deterministic market. Every symbol-minute is a pure function of (seed, symbol, minute), so the stream,
/// REST history and the ground truth are computed from the same data and can never disagree, and any past or
/// future minute can be produced on demand.
/// </summary>
internal sealed partial class MarketModel
{
    private const long NanosPerMinute = 60_000_000_000L;
    /// <summary>Minute bars go out shortly after the minute mark, daily bars right after them (Alpaca: ~1 s).</summary>
    public const long BarPublishDelayNanos = 500_000_000L;
    public const long DailyBarPublishDelayNanos = 600_000_000L;
    /// <summary>updatedBars go out after the half-minute mark.</summary>
    public const long UpdatePublishOffsetNanos = 30_000_000_000L;

    private static readonly string[] DefaultCrypto = ["BTC/USD", "ETH/USD", "SOL/USD"];
    private static readonly string[] DefaultEquity = ["AAPL", "MSFT", "SPY"];
    private static readonly char[] Exchanges = ['V', 'P', 'K', 'Q', 'Z', 'N', 'D', 'X'];

    private readonly ulong _seed;
    private readonly SimulatorConfig _config;
    private readonly ConcurrentDictionary<string, PriceModel> _prices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, long), MinuteBars> _bars = new();
    private readonly ConcurrentDictionary<(string, long), SimEvent[]> _schedules = new();
    private readonly ConcurrentDictionary<(string, long), (long Through, BarAccumulator Acc)> _dailyPrefix = new();
    private readonly ConcurrentDictionary<(string, long), Dictionary<long, long>> _cancelIssued = new();
    private readonly ConcurrentDictionary<string, byte> _cryptoUniverse = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _equityUniverse = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">TradesPerMinute so high that a minute could hold 10000 trades.</exception>
    public MarketModel(SimulatorConfig config)
    {
        // A minute draws up to 1.5 × the rate; ids are minute × 10000 + index, so more would repeat the next minute's.
        if (!(config.TradesPerMinute * 1.5 < 9_999))
            throw new ArgumentException($"TradesPerMinute must be below 6666 (trade ids are minute × 10000 + index), got {config.TradesPerMinute}", nameof(config));
        _config = config;
        _seed = StableHash.Mix((ulong)(uint)config.Seed);
        foreach (var s in DefaultCrypto) _cryptoUniverse[s] = 0;
        foreach (var s in DefaultEquity) _equityUniverse[s] = 0;
        foreach (var s in config.Symbols) AddToUniverse(s);
    }

    public static AssetClass ClassOf(string symbol) => symbol.Contains('/') ? AssetClass.Crypto : AssetClass.Equity;

    public static long MinuteOf(long nanos) => nanos >= 0 ? nanos / NanosPerMinute : (nanos - NanosPerMinute + 1) / NanosPerMinute;

    public static long MinuteStartNanos(long minute) => minute * NanosPerMinute;

    public void AddToUniverse(string symbol) =>
        (ClassOf(symbol) == AssetClass.Crypto ? _cryptoUniverse : _equityUniverse).TryAdd(symbol, 0);

    /// <summary>Symbols "*" means, sorted for a stable order.</summary>
    public string[] Universe(AssetClass cls) =>
        (cls == AssetClass.Crypto ? _cryptoUniverse : _equityUniverse).Keys.OrderBy(s => s, StringComparer.Ordinal).ToArray();

    public PriceModel Prices(string symbol) => _prices.GetOrAdd(symbol, s => new PriceModel(_seed, s, ClassOf(s)));

    /// <summary>Whether a symbol trades in this minute (crypto and FAKEPACA: always; stocks: 04:00-20:00 ET weekdays).</summary>
    public static EquitySession SessionOf(string symbol, long minute) =>
        ClassOf(symbol) == AssetClass.Crypto || symbol == MarketHours.TestSymbol
            ? EquitySession.Regular
            : MarketHours.SessionAt(minute);

    /// <summary>Generates one symbol-minute. Pure: same inputs, same output.</summary>
    public MinuteData Generate(string symbol, long minute)
    {
        var session = SessionOf(symbol, minute);
        if (session == EquitySession.Closed)
            return new MinuteData { Symbol = symbol, Minute = minute, Trades = [], Quotes = [] };
        var rows = new TradeRow[4];
        var count = DrawTrades(symbol, minute, session, ref rows);
        var (late, latePublish) = DrawLate(symbol, minute, count);
        var quotes = DrawQuotes(symbol, minute, session, TapeOf(symbol));
        var bars = BuildBars(symbol, minute, session, rows, count, late, quotes);
        return new MinuteData
        {
            Symbol = symbol, Minute = minute, Trades = TradeEvents(symbol, minute, rows, count, late, latePublish), Quotes = quotes,
            LateTradeIndex = late, LatePublishNanos = latePublish,
            Preliminary = bars.Preliminary, Final = bars.Final, UpdatedPublishNanos = bars.UpdatedPublishNanos,
        };
    }

    /// <summary>The trades of a symbol-minute by time (the late one last, with its later publish time); no quotes drawn.</summary>
    public SimEvent[] TradesOf(string symbol, long minute)
    {
        var session = SessionOf(symbol, minute);
        if (session == EquitySession.Closed) return [];
        var rows = new TradeRow[4];
        var count = DrawTrades(symbol, minute, session, ref rows);
        var (late, latePublish) = DrawLate(symbol, minute, count);
        return TradeEvents(symbol, minute, rows, count, late, latePublish);
    }

    /// <summary>The quotes of a symbol-minute by time.</summary>
    public SimEvent[] QuotesOf(string symbol, long minute)
    {
        var session = SessionOf(symbol, minute);
        return session == EquitySession.Closed ? [] : DrawQuotes(symbol, minute, session, TapeOf(symbol));
    }

    private static char TapeOf(string symbol) => "ABC"[(int)(StableHash.Of(symbol) % 3)];

    private static SimEvent[] TradeEvents(string symbol, long minute, TradeRow[] rows, int count, int late, long latePublish)
    {
        var cls = ClassOf(symbol);
        var tape = TapeOf(symbol);
        var trades = new SimEvent[count];
        for (var i = 0; i < count; i++)
        {
            trades[i] = new SimEvent
            {
                Kind = EventKind.Trade, Symbol = symbol, Class = cls, TimeNanos = rows[i].Time,
                PublishNanos = i == late ? latePublish : rows[i].Time,
                TradeId = TradeIdOf(minute, i),
                Price = rows[i].Price, Size = rows[i].Size, Side = rows[i].Side, Exchange = rows[i].Exchange, Tape = tape,
            };
        }
        return trades;
    }

    /// <summary>Trade ids: unique per symbol (minute × 10000 + 1-based index in the minute).</summary>
    public static long TradeIdOf(long minute, int index) => minute * 10_000 + index + 1;

    [ThreadStatic] private static TradeRow[]? _scratchRows;

    /// <summary>
    /// The two bar versions of a symbol-minute from its trade draws alone (no quotes unless a crypto minute has no
    /// trades, no events): what REST bars and daily bars need, at a fraction of <see cref="Generate"/>'s cost.
    /// </summary>
    public MinuteBars ComputeBars(string symbol, long minute)
    {
        var session = SessionOf(symbol, minute);
        if (session == EquitySession.Closed) return NoBars;
        var rows = _scratchRows ??= new TradeRow[64];
        var count = DrawTrades(symbol, minute, session, ref rows);
        _scratchRows = rows;
        return BuildBars(symbol, minute, session, rows, count, DrawLate(symbol, minute, count).Index, null);
    }

    private static readonly MinuteBars NoBars = new(null, null, false, 0);

    /// <summary>
    /// OHLCV of the minute's trades: the preliminary bar without the late trade, the final one with it. An empty crypto
    /// minute still gets a bar priced from quote midpoints with v=0, n=0, vw=0 (as Alpaca does); an empty stock minute
    /// has no bar. <paramref name="quotes"/> null: drawn here if needed.
    /// </summary>
    private MinuteBars BuildBars(string symbol, long minute, EquitySession session, TradeRow[] rows, int count, int late, SimEvent[]? quotes)
    {
        var cls = ClassOf(symbol);
        var t = new Torghut.Abstractions.NanoTimestamp(MinuteStartNanos(minute));
        var updatedPublish = MinuteStartNanos(minute + 1) + UpdatePublishOffsetNanos;
        if (count == 0)
        {
            if (cls == AssetClass.Equity) return NoBars;
            quotes ??= DrawQuotes(symbol, minute, session, '\0');
            var mid = QuoteMidBar(symbol, t, quotes);
            return new MinuteBars(mid, mid, false, updatedPublish);
        }
        var acc = new BarAccumulator();
        var onTime = late >= 0 ? count - 1 : count;
        for (var i = 0; i < onTime; i++) acc.AddTrade(rows[i].Price, rows[i].Size);
        var preliminary = acc.ToBar(symbol, t, cls);
        if (late < 0) return new MinuteBars(preliminary, preliminary, false, updatedPublish);
        acc.AddTrade(rows[late].Price, rows[late].Size);
        return new MinuteBars(preliminary, acc.ToBar(symbol, t, cls), true, updatedPublish);
    }

    private static SimBar? QuoteMidBar(string symbol, Torghut.Abstractions.NanoTimestamp t, SimEvent[] quotes)
    {
        if (quotes.Length == 0) return null;
        decimal o = 0, h = decimal.MinValue, l = decimal.MaxValue, c = 0;
        for (var i = 0; i < quotes.Length; i++)
        {
            var mid = PriceModel.Normalize((quotes[i].BidPrice + quotes[i].AskPrice) / 2);
            if (i == 0) o = mid;
            h = Math.Max(h, mid);
            l = Math.Min(l, mid);
            c = mid;
        }
        return new SimBar(symbol, t, o, h, l, c, 0, 0, 0);
    }

    /// <summary>The two bar versions of a minute, cached: daily bars re-read the minutes of their day.</summary>
    public MinuteBars BarsOf(string symbol, long minute)
    {
        if (SessionOf(symbol, minute) == EquitySession.Closed) return NoBars;
        if (_bars.TryGetValue((symbol, minute), out var cached)) return cached;
        var bars = ComputeBars(symbol, minute);
        if (_bars.Count > 200_000) _bars.Clear(); // a bound, not a policy: everything is recomputable
        _bars[(symbol, minute)] = bars;
        return bars;
    }

    /// <summary>The bar of a minute as a client could know it at <paramref name="nowNanos"/>: none before it is
    /// published, then the preliminary bar, then the updated one.</summary>
    /// <param name="cache">false for bulk history: a year of minutes would only evict what the stream and daily bars reuse.</param>
    public SimBar? BarAsOf(string symbol, long minute, long nowNanos, bool cache = true)
    {
        var barPublish = MinuteStartNanos(minute + 1) + BarPublishDelayNanos;
        if (nowNanos < barPublish) return null;
        var bars = cache ? BarsOf(symbol, minute) : ComputeBars(symbol, minute);
        if (bars.HasUpdate && nowNanos < bars.UpdatedPublishNanos) return bars.Preliminary;
        return bars.Final;
    }

    /// <summary>Start minute of the daily bar containing the minute: New York midnight for stocks, UTC midnight for crypto.</summary>
    public static long DayStartMinute(string symbol, long minute) =>
        ClassOf(symbol) == AssetClass.Crypto || symbol == MarketHours.TestSymbol
            ? (minute >= 0 ? minute / 1440 * 1440 : (minute - 1439) / 1440 * 1440)
            : MarketHours.NewYorkDayStartMinute(minute);

    /// <summary>Running daily bar as published after minute <paramref name="lastMinute"/> closed.</summary>
    public SimBar? DailyBarThrough(string symbol, long lastMinute)
    {
        var day = DayStartMinute(symbol, lastMinute);
        // Final bars of the day's earlier minutes are all public by now; the last minute's is still preliminary.
        var acc = FinalPrefix(symbol, day, lastMinute - 1).Clone();
        var last = BarsOf(symbol, lastMinute).Preliminary;
        if (last is not null) acc.AddBar(last);
        return acc.Empty ? null : acc.ToBar(symbol, new Torghut.Abstractions.NanoTimestamp(MinuteStartNanos(day)), ClassOf(symbol));
    }

    private BarAccumulator FinalPrefix(string symbol, long day, long through)
    {
        var acc = new BarAccumulator();
        var from = day;
        if (_dailyPrefix.TryGetValue((symbol, day), out var cached) && cached.Through <= through)
        {
            acc = cached.Acc.Clone();
            from = cached.Through + 1;
        }
        for (var m = from; m <= through; m++)
        {
            var b = BarsOf(symbol, m).Final;
            if (b is not null) acc.AddBar(b);
        }
        if (through >= day) _dailyPrefix[(symbol, day)] = (through, acc.Clone());
        return acc;
    }

    /// <summary>
    /// Events published during minute <paramref name="minute"/> for one symbol, by publish time: this minute's trades
    /// and quotes (minus its late trade), the previous minute's bar, late trade, daily bar and updated bar.
    /// </summary>
    public SimEvent[] Schedule(string symbol, long minute, GroundTruth truth)
    {
        if (_schedules.TryGetValue((symbol, minute), out var cached)) return cached;
        var cls = ClassOf(symbol);
        var data = Generate(symbol, minute);
        var prev = Generate(symbol, minute - 1);
        var list = new List<SimEvent>(data.Trades.Length + data.Quotes.Length + 4);
        for (var i = 0; i < data.Trades.Length; i++)
            if (i != data.LateTradeIndex) list.Add(data.Trades[i]);
        list.AddRange(data.Quotes);
        var start = MinuteStartNanos(minute);
        var prevStart = MinuteStartNanos(minute - 1);
        if (prev.Preliminary is not null)
            list.Add(BarEvent(EventKind.Bar, prev.Preliminary, cls, start + BarPublishDelayNanos, prevStart));
        if (prev.LateTradeIndex >= 0)
        {
            list.Add(prev.Trades[prev.LateTradeIndex]);
            list.Add(BarEvent(EventKind.UpdatedBar, prev.Final!, cls, prev.UpdatedPublishNanos, prevStart));
        }
        foreach (var cancel in CancelsOf(symbol, minute - 1).Concat(CancelsOf(symbol, minute)))
            if (MinuteOf(cancel.PublishNanos) == minute) list.Add(cancel);
        var dailyOpen = cls == AssetClass.Crypto || SessionOf(symbol, minute - 1) == EquitySession.Regular;
        if (dailyOpen && DailyBarThrough(symbol, minute - 1) is { } daily)
            list.Add(BarEvent(EventKind.DailyBar, daily, cls, start + DailyBarPublishDelayNanos, daily.Time.UnixNanoseconds));
        list.Sort(static (a, b) => a.PublishNanos.CompareTo(b.PublishNanos));
        var events = list.ToArray();
        foreach (var e in events) e.Counter ??= truth.CounterFor(e.Symbol, EventKinds.Channel(e.Kind));

        // Sessions all read near "now"; keep the cache small by dropping old minutes once it grows.
        if (_schedules.Count > 4096)
            foreach (var key in _schedules.Keys)
                if (key.Item2 < minute - 3) _schedules.TryRemove(key, out _);
        return _schedules.GetOrAdd((symbol, minute), events);
    }

    private static SimEvent BarEvent(EventKind kind, SimBar bar, AssetClass cls, long publish, long t) => new()
    {
        Kind = kind, Symbol = bar.Symbol, Class = cls, PublishNanos = publish, TimeNanos = t, Bar = bar,
    };
}

/// <summary>Accumulates trades or bars into OHLCV + VWAP.</summary>
internal sealed class BarAccumulator
{
    private decimal _open, _high, _low, _close, _volume, _notional;
    private long _count;
    public bool Empty { get; private set; } = true;

    public void AddTrade(decimal price, decimal size) => Add(price, price, price, price, size, 1, price * size);

    public void AddBar(SimBar bar) => Add(bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, bar.TradeCount, bar.Vwap * bar.Volume);

    private void Add(decimal o, decimal h, decimal l, decimal c, decimal v, long n, decimal notional)
    {
        if (Empty)
        {
            _open = o; _high = h; _low = l; Empty = false;
        }
        else
        {
            _high = Math.Max(_high, h);
            _low = Math.Min(_low, l);
        }
        _close = c;
        _volume += v;
        _count += n;
        _notional += notional;
    }

    public BarAccumulator Clone() => (BarAccumulator)MemberwiseClone();

    public SimBar ToBar(string symbol, Torghut.Abstractions.NanoTimestamp t, AssetClass cls)
    {
        var vwap = _volume == 0 ? 0 : PriceModel.Normalize(Math.Round(_notional / _volume, cls == AssetClass.Crypto ? 10 : 6));
        return new SimBar(symbol, t, _open, _high, _low, _close, PriceModel.Normalize(_volume), _count, vwap);
    }
}
