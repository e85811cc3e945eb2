using Microsoft.Extensions.Configuration;
using Torghut.Host.Ingest;
using Torghut.Host.Storage;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Host.Transport;
using Torghut.Host.Configuration.Settings.Catalogue;

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
        var registry = AnalysisCatalogue.SchemaRegistry.Read(c);
        return new TaWorkerOptions(
            [AnalysisCatalogue.TradesTopic.Read(c) ?? ingest.Trades, AnalysisCatalogue.QuotesTopic.Read(c)
                ?? ingest.Quotes,
                AnalysisCatalogue.Bars1mTopic.Read(c) ?? ingest.Bars,
                AnalysisCatalogue.CorrectionsTopic.Read(c) ?? ingest.Corrections],
            AnalysisCatalogue.MicrobarsTopic.Read(c)!,
            AnalysisCatalogue.SignalsTopic.Read(c)!,
            AnalysisCatalogue.StatusTopic.Read(c)!,
            TransportCatalogue.GroupId.Read(c)!,
            AnalysisCatalogue.Batch.Read(c),
            AnalysisCatalogue.BatchMax.ReadInt(c),
            AnalysisCatalogue.StatusInterval.Read(c),
            AnalysisCatalogue.SchemaId.Read(c) is { } id ? (int)id : null,
            registry is null ? null : new Uri(registry.ToString().TrimEnd('/') + "/"))
        {
            // The store's own settings: one declaration, so one rule, for the worker and the store.
            StoreBatchRows = StorageCatalogue.BatchSize.ReadInt(c),
            StoreFlushInterval = StorageCatalogue.Flush.Read(c),
            StoreRetry = StoreRetryPolicy.From(c),
        };
    }
}
