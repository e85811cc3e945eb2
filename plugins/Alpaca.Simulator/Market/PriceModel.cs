namespace Alpaca.Simulator.Market;

/// <summary>
/// The fair price of a symbol at any nanosecond, computable in O(1) without walking history: base price times
/// exp(sum of value-noise octaves). That is what lets REST serve any past minute and the stream any future one
/// from the same function, so both always agree.
/// </summary>
internal sealed class PriceModel
{
    private static readonly Dictionary<string, double> KnownBases = new(StringComparer.Ordinal)
    {
        ["BTC/USD"] = 68000, ["ETH/USD"] = 2000, ["SOL/USD"] = 85, ["BTC/USDT"] = 68000, ["ETH/USDT"] = 2000,
        ["BTC/USDC"] = 68000, ["ETH/BTC"] = 0.03, ["LTC/USD"] = 70, ["DOGE/USD"] = 0.12, ["AVAX/USD"] = 25,
        ["AAPL"] = 190, ["MSFT"] = 420, ["SPY"] = 520, ["TSLA"] = 180, ["AMZN"] = 180, ["NVDA"] = 120,
        ["QQQ"] = 440, ["AMD"] = 150, [MarketHours.TestSymbol] = 135,
    };

    // (period in seconds, amplitude in log-price): short wiggles up to multi-day drift.
    private static readonly (double Period, double Amp)[] Octaves =
    [
        (15, 0.0003), (120, 0.0008), (900, 0.002), (3600, 0.004), (6 * 3600, 0.01), (3 * 86400, 0.035),
    ];

    private readonly ulong _symbolSeed;

    public PriceModel(ulong seed, string symbol, AssetClass cls)
    {
        _symbolSeed = StableHash.Combine(seed, StableHash.Of(symbol));
        var u = StableHash.Unit(StableHash.Combine(_symbolSeed, 1));
        if (KnownBases.TryGetValue(symbol, out var known))
        {
            Base = known * (0.98 + 0.04 * u); // the seed moves known symbols by at most ±2 %
        }
        else if (cls == AssetClass.Crypto)
        {
            var quote = symbol[(symbol.IndexOf('/') + 1)..];
            var (lo, hi) = quote is "USD" or "USDT" or "USDC" ? (0.05, 500.0) : (0.00001, 0.1);
            Base = Math.Exp(Math.Log(lo) + u * (Math.Log(hi) - Math.Log(lo)));
        }
        else
        {
            Base = Math.Exp(Math.Log(5) + u * (Math.Log(600) - Math.Log(5)));
        }
    }

    public double Base { get; }

    public double FairPrice(long nanos)
    {
        Span<double> price = stackalloc double[1];
        FairPrices([nanos], price);
        return price[0];
    }

    /// <summary>
    /// Fair prices of ascending instants. Same arithmetic as one at a time, but the knots of each octave are hashed
    /// only when the instant crosses into the next knot: within a minute only the 15 s octave moves, which makes
    /// bulk history (a year of bars) several times cheaper.
    /// </summary>
    public void FairPrices(ReadOnlySpan<long> nanos, Span<double> prices)
    {
        Span<long> knotIndex = stackalloc long[Octaves.Length];
        Span<double> left = stackalloc double[Octaves.Length];
        Span<double> right = stackalloc double[Octaves.Length];
        knotIndex.Fill(long.MinValue);
        for (var i = 0; i < nanos.Length; i++)
        {
            var seconds = nanos[i] / 1e9;
            double sum = 0;
            for (var o = 0; o < Octaves.Length; o++)
            {
                var (period, amp) = Octaves[o];
                var x = seconds / period;
                var k = Math.Floor(x);
                var f = x - k;
                f = f * f * (3 - 2 * f); // smoothstep: continuous slope between knots
                if (knotIndex[o] != (long)k)
                {
                    knotIndex[o] = (long)k;
                    left[o] = Knot(o, (long)k);
                    right[o] = Knot(o, (long)k + 1);
                }
                sum += amp * (left[o] + (right[o] - left[o]) * f);
            }
            prices[i] = Base * Math.Exp(sum);
        }
    }

    private double Knot(int octave, long index) =>
        StableHash.Unit(StableHash.Combine(_symbolSeed, (ulong)octave + 100, (ulong)index)) * 2 - 1;

    /// <summary>Price rounding that looks like the venue: ~8 significant digits for crypto, cents for stocks.</summary>
    public static decimal RoundPrice(double price, AssetClass cls)
    {
        int decimals;
        if (cls == AssetClass.Equity) decimals = price >= 1 ? 2 : 4;
        else decimals = Math.Clamp(7 - (int)Math.Floor(Math.Log10(Math.Max(price, 1e-12))), 0, 12);
        return RoundTo(price, decimals);
    }

    private static readonly double[] PowersOf10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

    /// <summary>
    /// <paramref name="value"/> rounded (half to even) to <paramref name="decimals"/> places (0-12), trailing zeros
    /// stripped. Rounds in integer units when they fit a long: a double→decimal conversion per price and size made
    /// bulk history several times slower.
    /// </summary>
    public static decimal RoundTo(double value, int decimals)
    {
        var scaled = value * PowersOf10[decimals];
        if (!(Math.Abs(scaled) < 9e18)) return Normalize(Math.Round((decimal)value, decimals));
        var units = (long)Math.Round(scaled);
        var magnitude = (ulong)Math.Abs(units);
        return Normalize(new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, units < 0, (byte)decimals));
    }

    /// <summary>
    /// Strips trailing zeros so JSON shows 68000.1, not 68000.100: the same value and scale as
    /// <c>value / 1.000…m</c>, without a 96-bit division per call (bulk history normalizes millions of values).
    /// </summary>
    public static decimal Normalize(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (byte)(bits[3] >> 16);
        if (scale == 0) return value;
        var mantissa = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        if (mantissa == 0) return 0m;
        while (scale > 0)
        {
            var q = mantissa / 10;
            if (mantissa - q * 10 != 0) break;
            mantissa = q;
            scale--;
        }
        return new decimal((int)(uint)mantissa, (int)(uint)(mantissa >> 32), (int)(uint)(mantissa >> 64), bits[3] < 0, scale);
    }
}
