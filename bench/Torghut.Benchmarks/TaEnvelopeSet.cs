using System.Globalization;
using System.Text;
using Torghut.Abstractions;

namespace Torghut.Benchmarks;

/// <summary>
/// Envelopes as the forwarder writes them (upstream-contracts §2.4, the shape tests/…/TaEnvelopes.cs uses), seeded:
/// 12 crypto symbols, event times increasing by 0–10 ms per record (≈ 200 records/s, ≈ 15 trades per symbol per
/// second), 9 trades : 1 quote. Times only move forward, so every pass must start on a fresh engine.
/// </summary>
public sealed class TaEnvelopeSet
{
    private static readonly string[] Symbols =
        ["BTC/USD", "ETH/USD", "SOL/USD", "DOGE/USD", "AVAX/USD", "LINK/USD", "LTC/USD", "DOT/USD", "UNI/USD", "BCH/USD", "XRP/USD", "AAVE/USD"];

    private TaEnvelopeSet(byte[][] envelopes, NanoTimestamp[] times, int trades)
    {
        Envelopes = envelopes;
        Times = times;
        Trades = trades;
    }

    public byte[][] Envelopes { get; }
    /// <summary>Each envelope's event time: the benchmark passes it as processing time (a worker keeping up).</summary>
    public NanoTimestamp[] Times { get; }
    public int Trades { get; }
    public int Quotes => Envelopes.Length - Trades;
    public int SymbolCount => Symbols.Length;
    public double AverageBytes => Envelopes.Average(e => e.Length);

    public static TaEnvelopeSet Build(int count, int seed = 7)
    {
        var rng = new Random(seed);
        var prices = Enumerable.Range(0, Symbols.Length).Select(i => 68_000.0 / (i * 7 + 1)).ToArray();
        var t = NanoTimestamp.Parse("2026-02-23T14:30:00Z");
        var envelopes = new byte[count][];
        var times = new NanoTimestamp[count];
        var trades = 0;
        long tradeId = 5_000_000;
        for (var n = 0; n < count; n++)
        {
            t = t.AddNanoseconds(rng.NextInt64(0, 10_000_000));
            var s = rng.Next(Symbols.Length);
            prices[s] *= 1 + (rng.NextDouble() - 0.5) * 0.001;
            var iso = t.ToString();
            string payload;
            string channel;
            if (rng.Next(10) == 0)
            {
                channel = "quotes";
                payload = $$"""{"S":"{{Symbols[s]}}","bp":{{D(prices[s] * 0.9999)}},"bs":{{D(Math.Round(rng.NextDouble() * 2, 6))}},"ap":{{D(prices[s] * 1.0001)}},"as":{{D(Math.Round(rng.NextDouble() * 2, 6))}},"t":"{{iso}}"}""";
            }
            else
            {
                channel = "trades";
                trades++;
                payload = $$"""{"S":"{{Symbols[s]}}","i":{{tradeId++}},"p":{{D(prices[s])}},"s":{{D(Math.Round(rng.NextDouble() * 0.5, 6))}},"c":["@"],"t":"{{iso}}"}""";
            }
            envelopes[n] = Encoding.UTF8.GetBytes(
                $$"""{"ingestTs":"{{iso}}","eventTs":"{{iso}}","feed":"alpaca","channel":"{{channel}}","symbol":"{{Symbols[s]}}","seq":{{n + 1}},"payload":{{payload}},"isFinal":true,"source":"ws","window":null,"version":1}""");
            times[n] = t;
        }
        return new TaEnvelopeSet(envelopes, times, trades);
    }

    private static string D(double v) => Math.Round(v, 4).ToString("R", CultureInfo.InvariantCulture);
}
