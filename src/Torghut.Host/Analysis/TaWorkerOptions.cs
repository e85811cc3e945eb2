using Microsoft.Extensions.Configuration;
using Torghut.Host.Ingest;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Transport;

namespace Torghut.Host.Analysis;

/// <summary>TA worker settings, with upstream's TA_* env names where they exist.</summary>
public sealed record TaWorkerOptions(
    IReadOnlyList<string> InputTopics,
    string MicrobarsTopic,
    string SignalsTopic,
    string StatusTopic,
    string GroupId,
    TimeSpan BatchWindow,
    int BatchMax,
    TimeSpan StatusInterval,
    int? SchemaId,
    Uri? SchemaRegistry)
{
    /// <summary>The 1 m bars input (the third of <see cref="InputTopics"/>): its resume look-back is the 1 m warm-up.</summary>
    public string BarsTopic => InputTopics[2];

    /// <summary>
    /// The trade cancels/corrections input (the fourth of <see cref="InputTopics"/>; <c>TA_CORRECTIONS_TOPIC</c>,
    /// default ingest's <c>TOPIC_CORRECTIONS</c>). A crypto-only deployment never creates it: the subscriber waits
    /// for it without failing.
    /// </summary>
    public string CorrectionsTopic => InputTopics[3];

    /// <summary>Rows of one table that make a store write due (one full INSERT): TA_CLICKHOUSE_BATCH_SIZE, for both stores.</summary>
    public int StoreBatchRows { get; init; } = ClickHouseOptions.DefaultBatchSize;

    /// <summary>Longest a row waits for its store write: upstream's TA_CLICKHOUSE_FLUSH_MS (1000).</summary>
    public TimeSpan StoreFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Backoff and optional give-up of a failed store write (TA_STORE_*): by default an outage is waited out.</summary>
    public StoreRetryPolicy StoreRetry { get; init; } = StoreRetryPolicy.Default;

    /// <summary>How long a graceful stop waits for the pending rows to be stored and their offsets committed.</summary>
    public TimeSpan StopFlushTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public static TaWorkerOptions From(IConfiguration c)
    {
        var ingest = TopicMap.From(c);
        string Get(string key, string fallback) => c[key] is { Length: > 0 } v ? v.Trim() : fallback;
        int Int(string key, int fallback) => int.TryParse(c[key], out var v) && v > 0 ? v : fallback;
        return new TaWorkerOptions(
            [
                Get("TA_TRADES_TOPIC", ingest.Trades), Get("TA_QUOTES_TOPIC", ingest.Quotes),
                Get("TA_BARS1M_TOPIC", ingest.Bars), Get("TA_CORRECTIONS_TOPIC", ingest.Corrections),
            ],
            Get("TA_MICROBARS_TOPIC", "torghut.ta.bars.1s.v1"),
            Get("TA_SIGNALS_TOPIC", "torghut.ta.signals.v1"),
            Get("TA_STATUS_TOPIC", "torghut.ta.status.v1"),
            Get("TA_GROUP_ID", "torghut-ta"),
            TimeSpan.FromMilliseconds(Int("TA_BATCH_MS", 200)),
            Int("TA_BATCH_MAX", 50_000),
            TimeSpan.FromMilliseconds(Int("TA_STATUS_INTERVAL_MS", 10_000)),
            int.TryParse(c["TA_SCHEMA_ID"], out var id) ? id : null,
            c["TA_SCHEMA_REGISTRY_URL"] is { Length: > 0 } url ? new Uri(url.TrimEnd('/') + "/") : null)
        {
            // The store's own keys, read by the store's rules (ClickHouseOptions parses TA_CLICKHOUSE_BATCH_SIZE too).
            StoreBatchRows = ClickHouseOptions.Int(c, StorageKeys.ClickHouseBatchSize, ClickHouseOptions.DefaultBatchSize, 1),
            StoreFlushInterval = TimeSpan.FromMilliseconds(ClickHouseOptions.Int(c, StorageKeys.ClickHouseFlushMs, 1000, 1)),
            StoreRetry = StoreRetryPolicy.From(c),
        };
    }
}
