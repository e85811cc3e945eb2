namespace Alpaca.Simulator.Market;

/// <summary>
/// Stable hashing and a tiny PRNG. We cannot use string.GetHashCode or System.Random: both may change between
/// runs/runtimes, and the whole point of the simulator is that a seed reproduces the same market forever.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string text)
    {
        ulong h = 14695981039346656037UL; // FNV-1a 64
        foreach (var ch in text)
        {
            h ^= ch;
            h *= 1099511628211UL;
        }
        return Mix(h);
    }

    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Combine(ulong a, ulong b) => Mix(a ^ Mix(b + 0x632BE59BD9B4E019UL));

    public static ulong Combine(ulong a, ulong b, ulong c) => Combine(Combine(a, b), c);

    /// <summary>A uniform double in [0,1) derived from a hash.</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));
}

/// <summary>SplitMix64: fast, good enough statistically, and fully determined by its seed.</summary>
internal struct SplitMix
{
    private ulong _state;

    public SplitMix(ulong seed) => _state = seed;

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public int Next(int maxExclusive) => (int)(NextDouble() * maxExclusive);

    /// <summary>Approximately normal (sum of uniforms): cheap and bounded, which keeps prices sane.</summary>
    public double NextGaussian() => NextDouble() + NextDouble() + NextDouble() + NextDouble() - 2.0;
}
