using System.Globalization;
using System.Text;

namespace Torghut.Benchmarks;

/// <summary>
/// Realistic Alpaca crypto frames (v1beta3 shapes: trades with taker side and nanosecond times, quotes, minute bars)
/// with varied values, deterministic by seed. A mix of 6 trades : 3 quotes : 1 bar, as a busy crypto stream has.
/// </summary>
public static class DecodeFrames
{
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD"];
    private static readonly double[] BasePrices = [68_000, 2_000, 85];

    public static byte[][] Build(int messagesPerFrame, int frames, int seed = 42)
    {
        var rng = new Random(seed);
        var time = new DateTime(2024, 7, 24, 14, 0, 0, DateTimeKind.Utc);
        long tradeId = 1_000_000;
        var result = new byte[frames][];
        var n = 0;
        for (var f = 0; f < frames; f++)
        {
            var sb = new StringBuilder("[");
            for (var m = 0; m < messagesPerFrame; m++, n++)
            {
                if (m > 0) sb.Append(',');
                var s = rng.Next(Symbols.Length);
                var price = BasePrices[s] * (1 + (rng.NextDouble() - 0.5) * 0.01);
                time = time.AddTicks(rng.Next(1, 2_000_000));
                var nanos = rng.Next(0, 100); // sub-tick digits, so all nine fraction digits are used
                var t = time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + nanos.ToString("00", CultureInfo.InvariantCulture) + "Z";
                switch (n % 10)
                {
                    case 9:
                        var o = price; var c = price * (1 + (rng.NextDouble() - 0.5) * 0.002);
                        sb.Append(CultureInfo.InvariantCulture, $$"""{"T":"b","S":"{{Symbols[s]}}","o":{{P(o)}},"h":{{P(Math.Max(o, c) * 1.0005)}},"l":{{P(Math.Min(o, c) * 0.9995)}},"c":{{P(c)}},"v":{{Q(rng.NextDouble() * 3)}},"t":"{{time:yyyy-MM-dd'T'HH:mm}}:00Z","n":{{rng.Next(1, 90)}},"vw":{{P((o + c) / 2)}}}""");
                        break;
                    case 2 or 5 or 8:
                        sb.Append(CultureInfo.InvariantCulture, $$"""{"T":"q","S":"{{Symbols[s]}}","bp":{{P(price * 0.9999)}},"bs":{{Q(rng.NextDouble() * 2)}},"ap":{{P(price * 1.0001)}},"as":{{Q(rng.NextDouble() * 2)}},"t":"{{t}}"}""");
                        break;
                    default:
                        sb.Append(CultureInfo.InvariantCulture, $$"""{"T":"t","S":"{{Symbols[s]}}","p":{{P(price)}},"s":{{Q(rng.NextDouble() * 0.5)}},"t":"{{t}}","i":{{tradeId++}},"tks":"{{(rng.Next(2) == 0 ? "B" : "S")}}"}""");
                        break;
                }
            }
            result[f] = Encoding.UTF8.GetBytes(sb.Append(']').ToString());
        }
        return result;
    }

    private static string P(double price) => Math.Round(price, price >= 1000 ? 2 : 4).ToString("R", CultureInfo.InvariantCulture);
    private static string Q(double size) => Math.Round(size, 9).ToString("R", CultureInfo.InvariantCulture);
}
