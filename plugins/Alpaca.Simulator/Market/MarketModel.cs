using System.Collections.Concurrent;

namespace Alpaca.Simulator.Market;

/// <summary>
/// The deterministic market. Every symbol-minute is a pure function of (seed, symbol, minute), so the stream,
/// REST history and the ground truth are computed from the same data and can never disagree, and any past or
/// future minute can be produced on demand.
/// </summary>
internal sealed class MarketModel
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
    private readonly ConcurrentDictionary<string, byte> _cryptoUniverse = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _equityUniverse = new(StringComparer.Ordinal);

    public MarketModel(SimulatorConfig config)
    {
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
        var cls = ClassOf(symbol);
        var session = SessionOf(symbol, minute);
        if (session == EquitySession.Closed)
            return new MinuteData { Symbol = symbol, Minute = minute, Trades = [], Quotes = [] };

        var prices = Prices(symbol);
        var rng = new SplitMix(StableHash.Combine(_seed, StableHash.Of(symbol), (ulong)minute));
        var start = MinuteStartNanos(minute);
        var extended = session != EquitySession.Regular;

        // How busy is this minute? Crypto and regular hours: rarely empty; stock pre/post: often empty.
        var emptyChance = cls == AssetClass.Crypto ? _config.CryptoEmptyMinuteProbability : extended ? 0.5 : 0.02;
        var tradeRate = extended ? _config.TradesPerMinute / 10 : _config.TradesPerMinute;
        var tradeCount = rng.NextDouble() < emptyChance || tradeRate <= 0 ? 0 : Math.Max(1, (int)Math.Round(tradeRate * (0.5 + rng.NextDouble())));
        var quoteRate = extended ? _config.QuotesPerMinute / 5 : _config.QuotesPerMinute;
        var quoteCount = Math.Max(1, (int)Math.Round(quoteRate * (0.5 + rng.NextDouble())));

        var tape = "ABC"[(int)(StableHash.Of(symbol) % 3)];
        var trades = new SimEvent[tradeCount];
        var times = SortedOffsets(ref rng, tradeCount);
        for (var i = 0; i < tradeCount; i++)
        {
            var t = start + times[i];
            var price = PriceModel.RoundPrice(prices.FairPrice(t) * (1 + 0.0002 * rng.NextGaussian()), cls);
            trades[i] = new SimEvent
            {
                Kind = EventKind.Trade, Symbol = symbol, Class = cls, TimeNanos = t, PublishNanos = t,
                TradeId = minute * 10_000 + i + 1,
                Price = price,
                Size = TradeSize(ref rng, cls, (double)price),
                Side = rng.NextDouble() < 0.5 ? 'B' : 'S',
                Exchange = Exchanges[rng.Next(Exchanges.Length)],
                Tape = tape,
            };
        }

        var quotes = new SimEvent[quoteCount];
        times = SortedOffsets(ref rng, quoteCount);
        for (var i = 0; i < quoteCount; i++)
        {
            var t = start + times[i];
            var fair = prices.FairPrice(t);
            var half = fair * (cls == AssetClass.Crypto ? 0.0001 : 0.00015) * (0.5 + rng.NextDouble());
            var bid = PriceModel.RoundPrice(fair - half, cls);
            var ask = PriceModel.RoundPrice(fair + half, cls);
            if (ask <= bid) ask = bid + Tick(bid, cls);
            quotes[i] = new SimEvent
            {
                Kind = EventKind.Quote, Symbol = symbol, Class = cls, TimeNanos = t, PublishNanos = t,
                BidPrice = bid, AskPrice = ask,
                BidSize = QuoteSize(ref rng, cls, fair), AskSize = QuoteSize(ref rng, cls, fair),
                BidExchange = Exchanges[rng.Next(Exchanges.Length)], AskExchange = Exchanges[rng.Next(Exchanges.Length)],
                Tape = tape,
            };
        }

        // A late trade: the minute's last trade reaches the venue after the minute closed, so the bar published at
        // the minute mark misses it and an updatedBar follows after the half-minute mark.
        var late = tradeCount >= 2 && rng.NextDouble() < _config.LateTradeProbability ? tradeCount - 1 : -1;
        var next = MinuteStartNanos(minute + 1);
        long latePublish = 0;
        if (late >= 0)
        {
            latePublish = next + 1_000_000_000L + (long)(rng.NextDouble() * 7_000_000_000L);
            var orig = trades[late];
            trades[late] = new SimEvent
            {
                Kind = orig.Kind, Symbol = orig.Symbol, Class = orig.Class, TimeNanos = orig.TimeNanos, PublishNanos = latePublish,
                TradeId = orig.TradeId, Price = orig.Price, Size = orig.Size, Side = orig.Side, Exchange = orig.Exchange, Tape = orig.Tape,
            };
        }

        var final = BuildBar(symbol, minute, cls, trades, tradeCount, quotes);
        var preliminary = late >= 0 ? BuildBar(symbol, minute, cls, trades, tradeCount - 1, quotes) : final;
        return new MinuteData
        {
            Symbol = symbol, Minute = minute, Trades = trades, Quotes = quotes,
            LateTradeIndex = late, LatePublishNanos = latePublish,
            Preliminary = preliminary, Final = final,
            UpdatedPublishNanos = next + UpdatePublishOffsetNanos,
        };
    }

    private static decimal Tick(decimal price, AssetClass cls) =>
        cls == AssetClass.Equity ? (price >= 1 ? 0.01m : 0.0001m) : Math.Max(price / 10_000_000m, 0.000000000001m);

    private static long[] SortedOffsets(ref SplitMix rng, int count)
    {
        var times = new long[count];
        for (var i = 0; i < count; i++) times[i] = (long)(rng.NextDouble() * NanosPerMinute);
        Array.Sort(times);
        return times;
    }

    private static decimal TradeSize(ref SplitMix rng, AssetClass cls, double price)
    {
        if (cls == AssetClass.Equity)
            return rng.NextDouble() < 0.2 ? 100 * (1 + rng.Next(5)) : 1 + rng.Next(99);
        var notional = Math.Exp(Math.Log(20) + rng.NextDouble() * (Math.Log(20_000) - Math.Log(20)));
        var size = Math.Round((decimal)(notional / price), 9);
        return PriceModel.Normalize(size <= 0 ? 0.000000001m : size);
    }

    private static decimal QuoteSize(ref SplitMix rng, AssetClass cls, double price)
    {
        if (cls == AssetClass.Equity) return 1 + rng.Next(10);
        var notional = Math.Exp(Math.Log(500) + rng.NextDouble() * (Math.Log(200_000) - Math.Log(500)));
        var size = Math.Round((decimal)(notional / price), 9);
        return PriceModel.Normalize(size <= 0 ? 0.000000001m : size);
    }

    /// <summary>
    /// OHLCV of the first <paramref name="count"/> trades. An empty crypto minute still gets a bar priced from quote
    /// midpoints with v=0, n=0, vw=0 (as Alpaca does); an empty stock minute has no bar.
    /// </summary>
    private static SimBar? BuildBar(string symbol, long minute, AssetClass cls, SimEvent[] trades, int count, SimEvent[] quotes)
    {
        var t = new Torghut.Abstractions.NanoTimestamp(MinuteStartNanos(minute));
        if (count == 0)
        {
            if (cls == AssetClass.Equity || quotes.Length == 0) return null;
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
        var acc = new BarAccumulator();
        for (var i = 0; i < count; i++) acc.AddTrade(trades[i].Price, trades[i].Size);
        return acc.ToBar(symbol, t, cls);
    }

    /// <summary>The two bar versions of a symbol-minute (cached; REST and daily bars ask for many).</summary>
    public MinuteBars BarsOf(string symbol, long minute)
    {
        if (SessionOf(symbol, minute) == EquitySession.Closed) return new MinuteBars(null, null, false, 0);
        if (_bars.TryGetValue((symbol, minute), out var cached)) return cached;
        var data = Generate(symbol, minute);
        var bars = new MinuteBars(data.Preliminary, data.Final, data.HasUpdate, data.UpdatedPublishNanos);
        if (_bars.Count > 2_000_000) _bars.Clear(); // a bound, not a policy: everything is recomputable
        _bars[(symbol, minute)] = bars;
        return bars;
    }

    /// <summary>The bar of a minute as a client could know it at <paramref name="nowNanos"/>: none before it is
    /// published, then the preliminary bar, then the updated one.</summary>
    public SimBar? BarAsOf(string symbol, long minute, long nowNanos)
    {
        var barPublish = MinuteStartNanos(minute + 1) + BarPublishDelayNanos;
        if (nowNanos < barPublish) return null;
        var bars = BarsOf(symbol, minute);
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
