using Torghut.Host.Composition;

namespace Torghut.Host.Ingest;

/// <summary>Ingest freshness (ingest time − event time) per lane over a sliding window, for the SLO evaluator.</summary>
public interface IIngestLag
{
    /// <summary>The q-quantile of lags (ms) observed in the last <paramref name="window"/>; null when nothing was observed.</summary>
    double? QuantileMs(string lane, double q, TimeSpan window);

    /// <summary>Observations in the last <paramref name="window"/>.</summary>
    long Count(string lane, TimeSpan window);
}

/// <summary>
/// A sliding-window lag sketch: per lane, a ring of 10-second slots, each a log-scale histogram (5 % wide buckets from
/// 1 ms to ~25 min), so a quantile is within 5 % of the exact value at any rate, in fixed memory. Only trades and quotes
/// count: a bar's event time is its minute's start, so it always looks a minute old. The Prometheus histogram
/// torghut_ws_lag_ms has 2× buckets, too coarse to judge 2 s.
/// </summary>
public sealed class IngestLagWindow : IIngestLag, ILagObservers, IHostComponent
{
    private const int SlotSeconds = 10;
    private const int Slots = 360; // one hour of history: the longest window an SLO may ask for
    private const double Growth = 1.05;
    private static readonly int Buckets = (int)Math.Ceiling(Math.Log(1_500_000) / Math.Log(Growth)) + 2;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lane> _lanes = new();
    private readonly TimeProvider _time;

    public IngestLagWindow() : this(TimeProvider.System) { }

    internal IngestLagWindow(TimeProvider time) => _time = time;

    /// <summary>The lane's observer: pass to the feed session (with the Prometheus one). Lags go to the slot of the
    /// frame's receipt time: the lane's ingest clock, which is this window's clock (the system's) in a host.</summary>
    public LagObserver For(string lane) => Observer(lane);

    public LagObserver Observer(string lane)
    {
        var state = _lanes.GetOrAdd(lane, _ => new Lane());
        return (channel, receivedAt, lags) =>
        {
            if (channel is not ("trades" or "quotes")) return;
            var epoch = Slot(receivedAt.UnixSeconds); // the frame's receipt time: no clock read per batch
            foreach (var ms in lags) state.Add(epoch, ms);
        };
    }

    public double? QuantileMs(string lane, double q, TimeSpan window)
    {
        if (!_lanes.TryGetValue(lane, out var state)) return null;
        var merged = state.Merge(Epoch(), WindowSlots(window));
        long total = merged.Sum();
        if (total == 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(q * total));
        long seen = 0;
        for (var b = 0; b < merged.Length; b++)
        {
            seen += merged[b];
            if (seen >= rank) return UpperBound(b); // the bucket's upper edge: never reports less than the truth
        }
        return UpperBound(merged.Length - 1);
    }

    public long Count(string lane, TimeSpan window) =>
        _lanes.TryGetValue(lane, out var state) ? state.Merge(Epoch(), WindowSlots(window)).Sum() : 0;

    private long Epoch() => Slot(_time.GetUtcNow().ToUnixTimeSeconds());

    private static long Slot(long unixSeconds) => unixSeconds / SlotSeconds;

    private static int WindowSlots(TimeSpan window) => Math.Clamp((int)Math.Ceiling(window.TotalSeconds / SlotSeconds), 1, Slots);

    private static int Bucket(double ms) => ms < 1 ? 0 : Math.Min(Buckets - 1, 1 + (int)(Math.Log(ms) / Math.Log(Growth)));

    private static double UpperBound(int bucket) => bucket == 0 ? 1 : Math.Pow(Growth, bucket);

    private sealed class Lane
    {
        private readonly long[] _epochs = new long[Slots];
        private readonly long[][] _counts = Enumerable.Range(0, Slots).Select(_ => new long[Buckets]).ToArray();

        public void Add(long epoch, double ms)
        {
            var slot = (int)(epoch % Slots);
            if (Volatile.Read(ref _epochs[slot]) != epoch)
                lock (this)
                    if (_epochs[slot] != epoch)
                    {
                        Array.Clear(_counts[slot]);
                        Volatile.Write(ref _epochs[slot], epoch);
                    }
            Interlocked.Increment(ref _counts[slot][Bucket(ms)]);
        }

        public long[] Merge(long epoch, int slots)
        {
            var merged = new long[Buckets];
            for (var i = 0; i < slots; i++)
            {
                var e = epoch - i;
                var slot = (int)(e % Slots);
                if (Volatile.Read(ref _epochs[slot]) != e) continue;
                var counts = _counts[slot];
                for (var b = 0; b < Buckets; b++) merged[b] += Interlocked.Read(ref counts[b]);
            }
            return merged;
        }
    }
}
