namespace Torghut.Tests.Analysis;

/// <summary>Straightforward batch definitions of every indicator, recomputed from scratch at each index.</summary>
internal static class IndicatorReference
{
    public static double Ema(double[] c, int i, int n)
    {
        double a = 2.0 / (n + 1), e = c[0];
        for (int k = 1; k <= i; k++) e += a * (c[k] - e);
        return e;
    }

    public static (double Macd, double Signal) Macd(double[] c, int i)
    {
        double a12 = 2.0 / 13, a26 = 2.0 / 27, a9 = 2.0 / 10, e12 = c[0], e26 = c[0], sig = 0;
        for (int k = 1; k <= i; k++)
        {
            e12 += a12 * (c[k] - e12);
            e26 += a26 * (c[k] - e26);
            sig += a9 * (e12 - e26 - sig);
        }
        return (e12 - e26, sig);
    }

    public static double? Rsi(double[] c, int i)
    {
        if (i < 14) return null;
        double g = 0, l = 0;
        for (int k = 1; k <= 14; k++) { var d = c[k] - c[k - 1]; g += Math.Max(d, 0); l += Math.Max(-d, 0); }
        g /= 14; l /= 14;
        for (int k = 15; k <= i; k++) { var d = c[k] - c[k - 1]; g = (g * 13 + Math.Max(d, 0)) / 14; l = (l * 13 + Math.Max(-d, 0)) / 14; }
        return l == 0 ? (g > 0 ? 100 : 0) : 100 - 100 / (1 + g / l);
    }

    public static (double Mid, double Sigma)? Boll(double[] c, int i)
    {
        if (i < 19) return null;
        double mean = 0;
        for (int k = i - 19; k <= i; k++) mean += c[k];
        mean /= 20;
        double ss = 0;
        for (int k = i - 19; k <= i; k++) ss += (c[k] - mean) * (c[k] - mean);
        return (mean, Math.Sqrt(ss / 20));
    }

    /// <summary>Population σ of the log returns between the last 60 bars (59 returns).</summary>
    public static double? RealizedVol(double[] c, int i, int bars = 60)
    {
        if (i < 1) return null;
        var from = Math.Max(1, i - bars + 2);
        var r = new List<double>();
        for (int k = from; k <= i; k++) r.Add(Math.Log(c[k] / c[k - 1]));
        var mean = r.Average();
        return Math.Sqrt(r.Sum(x => (x - mean) * (x - mean)) / r.Count);
    }

    public static double? WindowVwap(long[] t, double[] c, double[] v, int i, long windowNanos)
    {
        double pv = 0, vol = 0;
        for (int k = i; k >= 0 && t[k] >= t[i] - windowNanos; k--) { pv += c[k] * v[k]; vol += v[k]; }
        return vol > 0 ? pv / vol : null;
    }

    public static double SessionVwap(long[] t, double[] c, double[] v, int i, Func<long, long> session)
    {
        double pv = 0, vol = 0;
        for (int k = i; k >= 0 && session(t[k]) == session(t[i]); k--) { pv += c[k] * v[k]; vol += v[k]; }
        return pv / vol;
    }
}
