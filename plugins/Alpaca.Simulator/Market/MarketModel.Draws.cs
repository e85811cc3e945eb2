namespace Alpaca.Simulator.Market;

/// <summary>One trade as drawn, before it becomes a <see cref="SimEvent"/> (the bars-only path never makes one).</summary>
internal struct TradeRow
{
    public long Time;
    public decimal Price;
    public decimal Size;
    public char Side;
    public char Exchange;
}

/// <summary>
/// The random draws of a symbol-minute. Trades, quotes and the late-trade decision each come from their own SplitMix
/// stream (seeded from seed, symbol, minute and the stream's number), so computing a minute's bars needs only the
/// trade draws: no quotes, no events, and still exactly the trades the stream publishes.
/// </summary>
internal sealed partial class MarketModel
{
    private const ulong TradeStream = 1, QuoteStream = 2, LateStream = 3, CancelStream = 4;

    private static readonly double LogMinTradeNotional = Math.Log(20), LogMaxTradeNotional = Math.Log(20_000);
    private static readonly double LogMinQuoteNotional = Math.Log(500), LogMaxQuoteNotional = Math.Log(200_000);

    private SplitMix Rng(string symbol, long minute, ulong stream) =>
        new(StableHash.Combine(StableHash.Combine(_seed, StableHash.Of(symbol), (ulong)minute), stream));

    /// <summary>Draws the minute's trades (by time) into <paramref name="rows"/>, growing it if needed; returns the count.</summary>
    private int DrawTrades(string symbol, long minute, EquitySession session, ref TradeRow[] rows)
    {
        var cls = ClassOf(symbol);
        var rng = Rng(symbol, minute, TradeStream);
        var extended = session != EquitySession.Regular;
        // How busy is this minute? Crypto and regular hours: rarely empty; stock pre/post: often empty.
        var emptyChance = cls == AssetClass.Crypto ? _config.CryptoEmptyMinuteProbability : extended ? 0.5 : 0.02;
        var tradeRate = extended ? _config.TradesPerMinute / 10 : _config.TradesPerMinute;
        var count = rng.NextDouble() < emptyChance || tradeRate <= 0 ? 0 : Math.Max(1, (int)Math.Round(tradeRate * (0.5 + rng.NextDouble())));
        if (count == 0) return 0;
        if (rows.Length < count) rows = new TradeRow[Math.Max(count, rows.Length * 2)];

        Span<long> times = count <= 256 ? stackalloc long[count] : new long[count];
        Span<double> fair = count <= 256 ? stackalloc double[count] : new double[count];
        SortedOffsets(ref rng, MinuteStartNanos(minute), times);
        Prices(symbol).FairPrices(times, fair);
        for (var i = 0; i < count; i++)
        {
            ref var row = ref rows[i];
            row.Time = times[i];
            row.Price = PriceModel.RoundPrice(fair[i] * (1 + 0.0002 * rng.NextGaussian()), cls);
            row.Size = TradeSize(ref rng, cls, (double)row.Price);
            row.Side = rng.NextDouble() < 0.5 ? 'B' : 'S';
            row.Exchange = Exchanges[rng.Next(Exchanges.Length)];
        }
        return count;
    }

    /// <summary>
    /// A late trade: the minute's last trade reaches the venue after the minute closed, so the bar published at the
    /// minute mark misses it and an updatedBar follows after the half-minute mark. Index -1 = none.
    /// </summary>
    private (int Index, long PublishNanos) DrawLate(string symbol, long minute, int tradeCount)
    {
        if (tradeCount < 2) return (-1, 0);
        var rng = Rng(symbol, minute, LateStream);
        if (rng.NextDouble() >= _config.LateTradeProbability) return (-1, 0);
        return (tradeCount - 1, MinuteStartNanos(minute + 1) + 1_000_000_000L + (long)(rng.NextDouble() * 7_000_000_000L));
    }

    /// <summary>
    /// The cancels of a stock symbol-minute's trades (<see cref="SimulatorConfig.TradeCancelProbability"/> each; never
    /// the late trade), each issued and published 2-5 s after its trade, so possibly in the next minute.
    /// </summary>
    public SimEvent[] CancelsOf(string symbol, long minute)
    {
        if (_config.TradeCancelProbability <= 0 || ClassOf(symbol) != AssetClass.Equity) return [];
        var trades = TradesOf(symbol, minute);
        var rng = Rng(symbol, minute, CancelStream);
        var cancels = new List<SimEvent>();
        foreach (var t in trades)
        {
            var cancelled = rng.NextDouble() < _config.TradeCancelProbability;
            var delay = 2_000_000_000L + (long)(rng.NextDouble() * 3_000_000_000L);
            if (!cancelled || t.PublishNanos != t.TimeNanos) continue; // the late trade is never cancelled
            var at = t.TimeNanos + delay;
            cancels.Add(new SimEvent
            {
                Kind = EventKind.Cancel, Symbol = symbol, Class = AssetClass.Equity, PublishNanos = at, TimeNanos = at,
                CancelledTradeNanos = t.TimeNanos, TradeId = t.TradeId, Price = t.Price, Size = t.Size,
                Exchange = t.Exchange, Tape = t.Tape,
            });
        }
        return cancels.ToArray();
    }

    /// <summary>
    /// When the trade was cancelled, if it was and the cancel had been issued by <paramref name="nowNanos"/> (history
    /// then marks it <c>u: canceled</c>, as Alpaca's does); null otherwise.
    /// </summary>
    public long? CancelledAt(SimEvent trade, long nowNanos)
    {
        if (_config.TradeCancelProbability <= 0 || trade.Class != AssetClass.Equity) return null;
        var cancels = _cancelIssued.GetOrAdd((trade.Symbol, MinuteOf(trade.TimeNanos)),
            key => CancelsOf(key.Item1, key.Item2).ToDictionary(c => c.TradeId, c => c.TimeNanos));
        if (_cancelIssued.Count > 4096) _cancelIssued.Clear(); // REST reads near "now": a small cache is enough
        return cancels.TryGetValue(trade.TradeId, out var issued) && issued <= nowNanos ? issued : null;
    }

    private SimEvent[] DrawQuotes(string symbol, long minute, EquitySession session, char tape)
    {
        var cls = ClassOf(symbol);
        var rng = Rng(symbol, minute, QuoteStream);
        var quoteRate = session != EquitySession.Regular ? _config.QuotesPerMinute / 5 : _config.QuotesPerMinute;
        var count = Math.Max(1, (int)Math.Round(quoteRate * (0.5 + rng.NextDouble())));
        var times = new long[count];
        var fair = new double[count];
        SortedOffsets(ref rng, MinuteStartNanos(minute), times);
        Prices(symbol).FairPrices(times, fair);
        var quotes = new SimEvent[count];
        for (var i = 0; i < count; i++)
        {
            var half = fair[i] * (cls == AssetClass.Crypto ? 0.0001 : 0.00015) * (0.5 + rng.NextDouble());
            var bid = PriceModel.RoundPrice(fair[i] - half, cls);
            var ask = PriceModel.RoundPrice(fair[i] + half, cls);
            if (ask <= bid) ask = bid + Tick(bid, cls);
            quotes[i] = new SimEvent
            {
                Kind = EventKind.Quote, Symbol = symbol, Class = cls, TimeNanos = times[i], PublishNanos = times[i],
                BidPrice = bid, AskPrice = ask,
                BidSize = QuoteSize(ref rng, cls, fair[i]), AskSize = QuoteSize(ref rng, cls, fair[i]),
                BidExchange = Exchanges[rng.Next(Exchanges.Length)], AskExchange = Exchanges[rng.Next(Exchanges.Length)],
                Tape = tape,
            };
        }
        return quotes;
    }

    private static decimal Tick(decimal price, AssetClass cls) =>
        cls == AssetClass.Equity ? (price >= 1 ? 0.01m : 0.0001m) : Math.Max(price / 10_000_000m, 0.000000000001m);

    private static void SortedOffsets(ref SplitMix rng, long start, Span<long> times)
    {
        for (var i = 0; i < times.Length; i++) times[i] = start + (long)(rng.NextDouble() * NanosPerMinute);
        times.Sort();
    }

    private static decimal TradeSize(ref SplitMix rng, AssetClass cls, double price)
    {
        if (cls == AssetClass.Equity)
            return rng.NextDouble() < 0.2 ? 100 * (1 + rng.Next(5)) : 1 + rng.Next(99);
        var notional = Math.Exp(LogMinTradeNotional + rng.NextDouble() * (LogMaxTradeNotional - LogMinTradeNotional));
        return CryptoSize(notional / price);
    }

    private static decimal QuoteSize(ref SplitMix rng, AssetClass cls, double price)
    {
        if (cls == AssetClass.Equity) return 1 + rng.Next(10);
        var notional = Math.Exp(LogMinQuoteNotional + rng.NextDouble() * (LogMaxQuoteNotional - LogMinQuoteNotional));
        return CryptoSize(notional / price);
    }

    private static decimal CryptoSize(double units)
    {
        var size = PriceModel.RoundTo(units, 9);
        return size <= 0 ? 0.000000001m : size;
    }
}
