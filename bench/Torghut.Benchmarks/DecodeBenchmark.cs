using System.Diagnostics;
using System.Text.Json;
using Alpaca.Crypto;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Metrics;
using Torghut.Host.Transport;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>decode</c>: frames → upstream envelopes per second on one thread, through the real path (the crypto plugin's
/// feed endpoint decoding into the host's <see cref="FrameSink"/>, which builds envelopes with
/// <see cref="EnvelopeWriter"/> and observes ingest lag and live bars as an ingest lane does), against raw
/// <see cref="Utf8JsonReader"/> tokenizing of the same frames.
/// </summary>
public static class DecodeBenchmark
{
    public const double TargetRatio = 0.5;
    private const int DistinctFrames = 4096;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(2); // long enough for tiered JIT to reach its optimized code
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(4);

    public static IReadOnlyList<BenchResult> Run(TextWriter log)
    {
        var results = new List<BenchResult>();
        foreach (var perFrame in new[] { 1, 10 })
        {
            var frames = DecodeFrames.Build(perFrame, DistinctFrames);
            var pipeline = new DecodePipeline();
            pipeline.Verify(frames, perFrame);
            // Alternating order would not change much on one pinned core; the baseline goes first so the JIT has
            // settled System.Text.Json's reader before the pipeline (which uses it too) is measured.
            var baseline = MeasureOnOwnThread(frames, perFrame, Tokenize);
            var real = MeasureOnOwnThread(frames, perFrame, pipeline.Decode);
            var decodeOnly = MeasureOnOwnThread(frames, perFrame, pipeline.DecodeOnly);
            log.WriteLine($"  {perFrame} msg/frame: tokenizer {baseline:N0} msg/s, decode+envelopes {real:N0} msg/s, decode only {decodeOnly:N0} msg/s");
            results.Add(new BenchResult(
                $"decode ({perFrame} msg/frame, crypto t/q/b mix)",
                "AlpacaFeedEndpoint.Decode → FrameSink (+ lag metrics, bar ledger) → EnvelopeWriter", real,
                "Utf8JsonReader reading every token", baseline,
                $"≥ {TargetRatio:P0} of the tokenizer", real / baseline >= TargetRatio));
            results.Add(new BenchResult(
                $"decode only ({perFrame} msg/frame), diagnostic",
                "AlpacaFeedEndpoint.Decode → counting sink (no envelopes)", decodeOnly,
                "Utf8JsonReader reading every token", baseline,
                "none: shows the decoder's share of the cost", null));
        }
        results.Add(MeasureIdentityCheck(log));
        return results;
    }

    /// <summary>
    /// The live path's one repair cost per trade and quote: <see cref="Torghut.Host.Ingest.Repair.PublishedEvents.TryAdd"/>
    /// on new identities with event times rising (as a lane sees them), pruning included. Measured apart because the
    /// decode frames repeat, which would turn every pass after the first into duplicates.
    /// </summary>
    private static BenchResult MeasureIdentityCheck(TextWriter log)
    {
        var published = new Torghut.Host.Ingest.Repair.PublishedEvents(TimeSpan.FromSeconds(120));
        var symbols = new[] { "BTC/USD", "ETH/USD", "SOL/USD" };
        long id = 0, t = 1_700_000_000_000_000_000L;
        double Run(TimeSpan span)
        {
            var clock = Stopwatch.StartNew();
            long n = 0;
            while (clock.Elapsed < span)
                for (var i = 0; i < 1024; i++, n++)
                {
                    t += 1_000_000; // 1,000 events per second of event time per lane: 120 k identities retained
                    var key = new Torghut.Host.Ingest.Repair.EventKey(++id, 0);
                    published.TryAdd(symbols[i % 3], new NanoTimestamp(t), key);
                }
            return n / clock.Elapsed.TotalSeconds;
        }
        Run(Warmup);
        var rate = Run(Measure);
        log.WriteLine($"  repair identity check: {rate:N0} TryAdd/s ({1e9 / rate:F0} ns each)");
        return new BenchResult("repair identity check (per live trade/quote), diagnostic",
            $"PublishedEvents.TryAdd, new identities, 120 s retained ({1e9 / rate:F0} ns each)", rate,
            "none", 0, "none: compare with the decode rows' msg/s", null);
    }

    /// <summary>Reads every token of the frame and nothing else: the floor of any tokenizer-based decoder.</summary>
    private static int Tokenize(byte[] frame)
    {
        var reader = new Utf8JsonReader(frame);
        var tokens = 0;
        while (reader.Read()) tokens++;
        return tokens;
    }

    /// <summary>Runs the measured loop on a dedicated thread so nothing else is scheduled on it.</summary>
    private static double MeasureOnOwnThread(byte[][] frames, int perFrame, Func<byte[], int> work)
    {
        double rate = 0;
        var thread = new Thread(() =>
        {
            Loop(frames, work, Warmup);
            var (framesDone, seconds) = Loop(frames, work, Measure);
            rate = framesDone * (double)perFrame / seconds;
        }) { IsBackground = true, Priority = ThreadPriority.Highest };
        thread.Start();
        thread.Join();
        return rate;
    }

    private static (long Frames, double Seconds) Loop(byte[][] frames, Func<byte[], int> work, TimeSpan duration)
    {
        long done = 0;
        var sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < frames.Length; i++) sink += work(frames[i]);
            done += frames.Length;
        }
        GC.KeepAlive(sink);
        return (done, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The ingest session's per-frame work, without the socket and the transport: the sink is wired as
    /// <c>IngestLane</c> wires it (Prometheus lag histogram and SLO lag window, live-bar ledger).</summary>
    private sealed class DecodePipeline
    {
        private readonly IFeedEndpoint _endpoint = new AlpacaCryptoPlugin().CreateFeed(VenueContext.From(new Dictionary<string, string?>()));
        private readonly FrameSink _sink = new(new EnvelopeWriter("alpaca", TopicMap.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()), new SequenceClock()))
        {
            ObserveLag = LaneLagObserver(),
            Ledger = new Torghut.Host.Ingest.Repair.PublishedBars(),
        };

        private static LagObserver LaneLagObserver()
        {
            var prometheus = LagHistogram.Observer(LagHistogram.Create(Prometheus.Metrics.WithCustomRegistry(Prometheus.Metrics.NewCustomRegistry())), "crypto");
            var window = new IngestLagWindow().Observer("crypto");
            return (channel, receivedAt, lags) =>
            {
                prometheus(channel, receivedAt, lags);
                window(channel, receivedAt, lags);
            };
        }

        private readonly CountingSink _counting = new();

        public int DecodeOnly(byte[] frame)
        {
            _counting.Messages = 0;
            _endpoint.Decode(frame, _counting);
            return _counting.Messages;
        }

        public int Decode(byte[] frame)
        {
            _sink.Clear();
            _endpoint.Decode(frame, _sink);
            _sink.EndFrame();
            return _sink.Records.Count;
        }

        /// <summary>A benchmark of a path that silently fails would measure nothing: every message must become an envelope.</summary>
        public void Verify(byte[][] frames, int perFrame)
        {
            foreach (var frame in frames)
            {
                var records = Decode(frame);
                if (records != perFrame || _sink.Errors.Count > 0)
                    throw new InvalidOperationException(
                        $"decode produced {records} envelopes and {_sink.Errors.Count} errors for a {perFrame}-message frame: " +
                        $"{(_sink.Errors.Count > 0 ? _sink.Errors[0].ToString() : "")} {System.Text.Encoding.UTF8.GetString(frame)}");
            }
        }
    }
}
