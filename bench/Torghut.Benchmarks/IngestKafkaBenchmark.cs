using System.Diagnostics;
using Torghut.LocalServers;
using Alpaca.Crypto;
using Alpaca.Simulator;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Transport.Kafka;
using Torghut.Host.Transport;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>ingest-kafka</c>: simulator (firehose) → a real ingest session (crypto plugin, FeedSession, EnvelopeWriter) →
/// KafkaRecordPublisher with upstream's settings → the KafkaMock broker process; messages per second acknowledged by
/// Kafka, with produce → ack p50/p99. Baseline: a raw Confluent.Kafka producer, same settings and broker, pushing
/// pre-built envelopes of the same size as fast as it can (Kafka's own ceiling here).
/// </summary>
public static class IngestKafkaBenchmark
{
    public const double TargetMessagesPerSecond = 250_000;
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD"];
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(8);

    public static async Task<BenchResult> RunAsync(TextWriter log)
    {
        var topics = TopicMap.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        // scripts/bench.sh builds the tool in Release.
        await using var kafka = await KafkaMockProcess.StartAsync(
            BenchPaths.KafkaMockDll,
            topics.All.Select(t => (t, 3)));
        var settings = new KafkaSettings { BootstrapServers = kafka.Bootstrap }; // defaults are upstream's: acks=all, idempotent, lz4, linger 30 ms
        var (rate, p50, p99, envelope) = await MeasureIngestAsync(settings, topics, log);
        var (rawRate, rawP50, rawP99) = MeasureRawProducer(settings, topics.Trades, envelope, log);
        return new BenchResult(
            $"ingest-kafka ({string.Join(", ", Symbols)} firehose → 3 brokers, 3 partitions/topic)",
            $"simulator → FeedSession → KafkaRecordPublisher, acked (p50 {p50:F0} ms, p99 {p99:F0} ms)", rate,
            $"raw Confluent producer, same settings, pre-built {envelope.Length} B envelopes (p50 {rawP50:F0} ms, p99 {rawP99:F0} ms)", rawRate,
            $"≥ {TargetMessagesPerSecond:N0} msg/s end to end", rate >= TargetMessagesPerSecond);
    }

    internal static async Task<(double Rate, double P50, double P99, byte[] Envelope)> MeasureIngestAsync(
        KafkaSettings settings, TopicMap topics, TextWriter log)
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { FirehoseSymbols = Symbols });
        var feed = new AlpacaCryptoPlugin().CreateFeed(VenueContext.From(new Dictionary<string, string?>
        {
            ["ALPACA_STREAM_URL"] = sim.StreamBaseUrl.ToString(),
        }));
        var latency = new DeliveryLatency(sampleEvery: 16);
        var publisher = new KafkaRecordPublisher(settings) { Latency = latency };
        await using (publisher)
        {
            var probe = await publisher.ProbeAsync(topics.All);
            if (!probe.Ok) throw new InvalidOperationException($"kafka probe failed: {probe.Detail}");
            var writer = new EnvelopeWriter("alpaca", topics, new SequenceClock());
            var session = new FeedSession("crypto", feed, new VenueCredentials("bench", "bench"), publisher, writer,
                new SessionOptions(), Symbols, NullLogger.Instance);
            using var stop = new CancellationTokenSource();
            var running = session.RunAsync(stop.Token);
            try
            {
                await Task.Delay(Warmup);
                if (publisher.Stats.Delivered == 0) throw new InvalidOperationException("nothing was acknowledged during the warm-up");
                latency.Reset();
                var start = publisher.Stats.Delivered;
                var clock = Stopwatch.StartNew();
                await Task.Delay(Measure);
                var delivered = publisher.Stats.Delivered - start;
                var rate = delivered / clock.Elapsed.TotalSeconds;
                var stats = publisher.Stats;
                log.WriteLine($"  ingest: {delivered:N0} acked in {clock.Elapsed.TotalSeconds:F2} s = {rate:N0} msg/s; p50 {latency.Percentile(0.5)} ms, p99 {latency.Percentile(0.99)} ms ({latency.Samples:N0} samples); failed {stats.Failed}, backpressure waits {stats.BackpressureWaits:N0}");
                // Its own writer: the session's writer is in use on the session's thread (writers are not thread-safe).
                var sample = new EnvelopeWriter("alpaca", topics, new SequenceClock()).Trade(new Trade("BTC/USD", 68012.41, 0.00421, NanoTimestamp.Now, 5839201, TakerSide: "B"));
                return (rate, latency.Percentile(0.5), latency.Percentile(0.99), sample.Value.ToArray());
            }
            finally
            {
                await stop.CancelAsync();
                try { await running; } catch (OperationCanceledException) { }
            }
        }
    }

    private static (double Rate, double P50, double P99) MeasureRawProducer(KafkaSettings settings, string topic, byte[] envelope, TextWriter log)
    {
        var latency = new long[10_001];
        long delivered = 0;
        Action<DeliveryReport<byte[], byte[]>> onDelivery = r => { if (!r.Error.IsError) Interlocked.Increment(ref delivered); };
        // Sampled like the publisher's DeliveryLatency: every 16th record carries its produce time in its handler.
        Action<DeliveryReport<byte[], byte[]>> Timed(long at) => r =>
        {
            onDelivery(r);
            if (!r.Error.IsError) Interlocked.Increment(ref latency[Math.Clamp((long)Stopwatch.GetElapsedTime(at).TotalMilliseconds, 0, 10_000)]);
        };
        var keys = Symbols.Select(s => System.Text.Encoding.UTF8.GetBytes(s)).ToArray();
        using var producer = new ProducerBuilder<byte[], byte[]>(settings.ToProducerConfig()).Build();
        var clock = Stopwatch.StartNew();
        long startDelivered = 0;
        var measuring = false;
        for (long i = 0; ; i++)
        {
            if (!measuring && clock.Elapsed >= Warmup)
            {
                measuring = true;
                Array.Clear(latency);
                startDelivered = Interlocked.Read(ref delivered);
                clock.Restart();
            }
            if (measuring && clock.Elapsed >= Measure) break;
            try { producer.Produce(topic, new Message<byte[], byte[]> { Key = keys[i % keys.Length], Value = envelope }, i % 16 == 0 ? Timed(Stopwatch.GetTimestamp()) : onDelivery); }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull) { producer.Poll(TimeSpan.FromMilliseconds(5)); }
        }
        var count = Interlocked.Read(ref delivered) - startDelivered;
        var rate = count / clock.Elapsed.TotalSeconds;
        producer.Flush(TimeSpan.FromSeconds(20));
        var (p50, p99) = (Percentile(latency, 0.5), Percentile(latency, 0.99));
        log.WriteLine($"  raw producer: {count:N0} acked in {clock.Elapsed.TotalSeconds:F2} s = {rate:N0} msg/s; p50 {p50} ms, p99 {p99} ms");
        return (rate, p50, p99);
    }

    private static double Percentile(long[] buckets, double q)
    {
        var total = buckets.Sum();
        if (total == 0) return double.NaN;
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var ms = 0; ms < buckets.Length; ms++)
            if ((seen += buckets[ms]) >= rank) return ms;
        return buckets.Length - 1;
    }
}
