using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;

namespace Torghut.Benchmarks;

/// <summary>One row of the soak's 10 s samples: memory of both processes and every queue between the stages.</summary>
public sealed record SoakSample(
    TimeSpan At, long SimPublished, long IngestDelivered, long TaEnvelopes,
    long IngestRss, long IngestGcHeap, long TaRss, long TaGcHeap,
    long ProducerBuffered, long TaBehind, long TaWriterBacklog, long CommittedLag);

/// <summary>Reads a <see cref="SoakSample"/> from the processes' /metrics and /api/ta, /proc and the TA group's offsets.</summary>
public sealed class SoakSampler(SoakHost ingest, SoakHost ta, FirehosePacer pacer, string bootstrap, string group, IReadOnlyList<string> inputTopics) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(8) };
    private readonly IConsumer<Ignore, Ignore> _offsets = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
    {
        BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false,
    }).Build();
    private readonly IAdminClient _admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();

    public async Task<SoakSample> TakeAsync(TimeSpan at)
    {
        var ingestMetrics = await TextAsync($"{ingest.BaseUrl}/metrics");
        var taMetrics = await TextAsync($"{ta.BaseUrl}/metrics");
        var delivered = (long)Metric(ingestMetrics, "torghut_transport_delivered_total");
        var taEnvelopes = 0L;
        var backlog = 0L;
        try
        {
            var api = JsonDocument.Parse(await TextAsync($"{ta.BaseUrl}/api/ta")).RootElement;
            if (api.GetProperty("running").GetBoolean())
            {
                var c = api.GetProperty("counters");
                taEnvelopes = c.GetProperty("envelopes").GetInt64();
                // Rows the worker produced that its store has not acknowledged yet: the write-behind's queue.
                backlog = c.GetProperty("microbarsEmitted").GetInt64() + c.GetProperty("signals1s").GetInt64() + c.GetProperty("signals1m").GetInt64()
                          - api.GetProperty("microbarsWritten").GetInt64() - api.GetProperty("signalsWritten").GetInt64();
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException) { }
        return new SoakSample(at, pacer.Published, delivered, taEnvelopes,
            ingest.Rss(), (long)Metric(ingestMetrics, "dotnet_total_memory_bytes"), ta.Rss(), (long)Metric(taMetrics, "dotnet_total_memory_bytes"),
            (long)Metric(ingestMetrics, "torghut_transport_buffered_records"), Math.Max(0, delivered - taEnvelopes), backlog, await CommittedLagAsync());
    }

    /// <summary>Records past the TA group's committed offsets on its input topics (the commit trails on purpose: ResumeLedger).</summary>
    private Task<long> CommittedLagAsync() => Task.Run(() =>
    {
        try
        {
            var lag = 0L;
            foreach (var topic in inputTopics)
            {
                var partitions = _admin.GetMetadata(topic, TimeSpan.FromSeconds(5)).Topics.Single().Partitions
                    .Select(p => new TopicPartition(topic, p.PartitionId)).ToList();
                foreach (var c in _offsets.Committed(partitions, TimeSpan.FromSeconds(5)))
                {
                    var marks = _offsets.QueryWatermarkOffsets(c.TopicPartition, TimeSpan.FromSeconds(5));
                    var from = c.Offset.Value >= 0 ? c.Offset.Value : marks.Low.Value;
                    lag += Math.Max(0, marks.High.Value - from);
                }
            }
            return lag;
        }
        catch (KafkaException) { return -1; }
    });

    private async Task<string> TextAsync(string url)
    {
        try { return await _http.GetStringAsync(url); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return ""; }
    }

    /// <summary>The sum of every series of one metric in Prometheus text format.</summary>
    private static double Metric(string text, string name)
    {
        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not (' ' or '{')) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) sum += v;
        }
        return sum;
    }

    public void Dispose()
    {
        _offsets.Dispose();
        _admin.Dispose();
        _http.Dispose();
    }
}
