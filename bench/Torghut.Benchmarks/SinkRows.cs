using Torghut.Abstractions;
using Torghut.Host.Analysis;
using Torghut.Host.Storage;

namespace Torghut.Benchmarks;

/// <summary>
/// Steady-state TA output as the engine emits it, seeded: per second, one final 1 s microbar and one signal per
/// symbol (time-major, so a batch mixes symbols as a worker's does), 9-digit ingest times, every indicator group
/// defined and a fresh quote on 70 % of the signals.
/// </summary>
public static class SinkRows
{
    private static readonly string[] Symbols =
        ["BTC/USD", "ETH/USD", "SOL/USD", "DOGE/USD", "AVAX/USD", "LINK/USD", "LTC/USD", "DOT/USD", "UNI/USD", "BCH/USD", "XRP/USD", "AAVE/USD"];

    public static (List<TaMicrobar> Microbars, List<TaSignal> Signals) Build(int seconds, int seed = 3)
    {
        var rng = new Random(seed);
        var start = NanoTimestamp.Parse("2026-02-23T14:30:00Z").UnixSeconds;
        var prices = Symbols.Select((_, i) => 68_000.0 / (i * 7 + 1)).ToArray();
        var bars = new List<TaMicrobar>(seconds * Symbols.Length);
        var signals = new List<TaSignal>(seconds * Symbols.Length);
        for (var k = 0; k < seconds; k++)
        {
            for (var s = 0; s < Symbols.Length; s++)
            {
                var p = prices[s] *= 1 + (rng.NextDouble() - 0.5) * 0.001;
                var end = NanoTimestamp.FromUnix(start + k + 1);
                var ingest = end.AddNanoseconds(rng.NextInt64(1_000_000, 900_000_000));
                var window = new TaWindow("PT1S", "PT1S", NanoTimestamp.FromUnix(start + k), end);
                var v = Math.Round(rng.NextDouble() * 3, 6);
                bars.Add(new TaMicrobar(Symbols[s], end, start + k, ingest, true, "ta", window,
                    p * 0.9998, p * 1.0004, p * 0.9995, p, v, p * 1.0001, rng.Next(1, 40)));
                var macd = (rng.NextDouble() - 0.5) * p * 1e-4;
                var imbalance = rng.Next(10) < 7
                    ? new ImbalanceValues(p * 2e-4, p * 0.9999, p * 1.0001, Math.Round(rng.NextDouble() * 2, 6), Math.Round(rng.NextDouble() * 2, 6))
                    : null;
                signals.Add(new TaSignal(Symbols[s], end, start + k, ingest, true, "ta", window, Cadence.OneSecond,
                    new MacdValues(macd, macd * 0.8, macd * 0.2), new EmaValues(p * 1.00001, p * 0.99998), 30 + rng.NextDouble() * 40,
                    new BollingerValues(p, p * 1.002, p * 0.998), new VwapValues(p * 0.9997, p * 1.00002), imbalance, rng.NextDouble() * 1e-4));
            }
        }
        return (bars, signals);
    }
}
