using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Torghut.Abstractions;
using Torghut.Host.Storage;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Host.Gates.Phases;

/// <summary>The running host's HTTP endpoints. Any failure to get an answer is <see cref="SourceUnreachableException"/>.</summary>
public sealed class HostApi(HttpClient http, string baseUrl)
{
    public string BaseUrl { get; } = baseUrl.TrimEnd('/');

    public async Task<(bool Ready, string? ErrorClass, bool KafkaGate)> ReadyzAsync(CancellationToken ct)
    {
        using var response = await SendAsync("/readyz", ct);
        // 503 is an answer (not ready), not an unreachable host.
        if (response.StatusCode is not (System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.ServiceUnavailable))
            throw new SourceUnreachableException("host", $"{BaseUrl}/readyz answered HTTP {(int)response.StatusCode}");
        var json = await ParseAsync(response, "/readyz", ct);
        var kafka = json.TryGetProperty("gates", out var gates) && gates.TryGetProperty("kafka", out var k) && k.GetBoolean();
        return (json.GetProperty("ready").GetBoolean(), json.TryGetProperty("error_class", out var e) ? e.GetString() : null, kafka);
    }

    public async Task<PrometheusText> MetricsAsync(CancellationToken ct)
    {
        using var response = await SendAsync("/metrics", ct);
        if (!response.IsSuccessStatusCode) throw new SourceUnreachableException("host", $"{BaseUrl}/metrics answered HTTP {(int)response.StatusCode}");
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync(ct));
    }

    public async Task<JsonElement> JsonAsync(string pathAndQuery, CancellationToken ct)
    {
        using var response = await SendAsync(pathAndQuery, ct);
        if (!response.IsSuccessStatusCode)
            throw new SourceUnreachableException("host", $"{BaseUrl}{pathAndQuery} answered HTTP {(int)response.StatusCode}");
        return await ParseAsync(response, pathAndQuery, ct);
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken ct)
    {
        try { return await http.GetAsync(BaseUrl + path, ct); }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new SourceUnreachableException("host", $"{BaseUrl}{path}: {e.Message}", e);
        }
    }

    private async Task<JsonElement> ParseAsync(HttpResponseMessage response, string path, CancellationToken ct)
    {
        try { return JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct)).RootElement.Clone(); }
        catch (JsonException e) { throw new SourceUnreachableException("host", $"{BaseUrl}{path}: not JSON ({e.Message})", e); }
    }
}

/// <summary>Stored TA rows per symbol with event_ts in the last span, and the newest signal.</summary>
public sealed record StoreRows(IReadOnlyDictionary<string, (long Microbars, long Signals)> Symbols, DateTimeOffset? MaxSignalEventTs);

/// <summary>Where the gate reads the TA store: ClickHouse directly, or through the host (embedded DuckDB).</summary>
public interface IGateStore
{
    string Describe { get; }

    Task<StoreRows> RowsAsync(TimeSpan span, CancellationToken ct);
}

/// <summary>ClickHouse, queried directly with the run configuration's TA_CLICKHOUSE_* settings.</summary>
public sealed class DirectGateStore(ITaStore store, string describe) : IGateStore
{
    public string Describe { get; } = describe;

    public async Task<StoreRows> RowsAsync(TimeSpan span, CancellationToken ct)
    {
        try
        {
            var now = NanoTimestamp.Now;
            var counts = await store.RowCountsAsync(now.AddNanoseconds(-(long)(span.TotalSeconds * 1e9)), now.AddNanoseconds(3600L * 1_000_000_000), ct);
            var freshness = await store.FreshnessAsync(cancellationToken: ct);
            return new StoreRows(counts, freshness.MaxSignalEventTs?.ToDateTimeOffset());
        }
        catch (Exception e) when (e is StorageException or HttpRequestException or IOException or InvalidOperationException
                                  || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new SourceUnreachableException("store", $"{Describe}: {e.Message}", e);
        }
    }
}

/// <summary>
/// The embedded DuckDB store, read through the host's GET /api/ta/rows: the running host holds the DuckDB file with an
/// exclusive lock, so a second process cannot open it, even read-only.
/// </summary>
public sealed class HostGateStore(HostApi host) : IGateStore
{
    public string Describe => $"TA store via {host.BaseUrl}/api/ta/rows";

    public async Task<StoreRows> RowsAsync(TimeSpan span, CancellationToken ct)
    {
        var json = await host.JsonAsync($"/api/ta/rows?seconds={span.TotalSeconds.ToString(CultureInfo.InvariantCulture)}", ct);
        if (!json.GetProperty("running").GetBoolean())
            throw new SourceUnreachableException("store", $"{host.BaseUrl} runs no TA worker, so it cannot read its store (set TA_CLICKHOUSE_URL, or point --url at the TA process)");
        var symbols = json.GetProperty("symbols").EnumerateObject().ToDictionary(p => p.Name,
            p => (p.Value.GetProperty("microbars").GetInt64(), p.Value.GetProperty("signals").GetInt64()));
        var newest = json.GetProperty("maxSignalEventTs").GetString() is { } s ? NanoTimestamp.Parse(s).ToDateTimeOffset() : (DateTimeOffset?)null;
        return new StoreRows(symbols, newest);
    }
}

/// <summary>Kafka topic health from the broker's metadata: each topic exists, has partitions, each with a leader.</summary>
public static class KafkaTopics
{
    public static CriterionResult Check(KafkaSettings settings, IReadOnlyList<string> topics, TimeSpan timeout)
    {
        Metadata metadata;
        try
        {
            using var admin = new AdminClientBuilder(settings.ToAdminConfig()).SetLogHandler((_, _) => { }).Build();
            metadata = admin.GetMetadata(timeout);
        }
        catch (KafkaException e)
        {
            throw new SourceUnreachableException("kafka", $"{settings.BootstrapServers}: {e.Error.Code} {e.Error.Reason}", e);
        }
        var problems = new List<string>();
        var partitions = 0;
        foreach (var topic in topics)
        {
            var meta = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
            if (meta is null) problems.Add($"{topic}: missing");
            else if (meta.Error.IsError) problems.Add($"{topic}: {meta.Error.Code}");
            else if (meta.Partitions.Count == 0) problems.Add($"{topic}: no partitions");
            else if (meta.Partitions.FirstOrDefault(p => p.Leader < 0 || p.Error.IsError) is { } bad) problems.Add($"{topic}: partition {bad.PartitionId} has no leader");
            else partitions += meta.Partitions.Count;
        }
        return CriterionResult.Check("topics_healthy", problems.Count == 0,
            $"{topics.Count - problems.Count}/{topics.Count} topics healthy ({partitions} partitions)", "every topic exists, every partition has a leader",
            problems.Count == 0 ? string.Join(",", topics) : string.Join("; ", problems));
    }
}
