using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Analysis.Avro;
using Torghut.Host.Composition;
using Torghut.Host.Storage;
using Torghut.Host.Transport;
using Torghut.Host.Transport.InProcess;
using Torghut.Host.Transport.Kafka;

namespace Torghut.Host.Analysis;

/// <summary>
/// The TA role (upstream's Flink job): consumes the ingest topics in a consumer group, runs the
/// <see cref="TaEngine"/>, publishes the Avro outputs and hands rows to the write-behind <see cref="TaStoreWriter"/>.
/// Offsets are committed only after the store acknowledged the rows, and trail the newest record so a member taking
/// a partition over rebuilds every unfinished bar (<see cref="ResumeLedger"/>; docs/adr/0062-commit-behind-offsets.md,
/// docs/ta-failover.md). Runs in roles <c>ta</c> and <c>all</c> (<see cref="RoleServices"/>).
/// </summary>
public sealed class TaWorker(
    TaWorkerSettings settings,
    TaStoreOptions storeOptions,
    IRecordPublisher publisher,
    InProcessTransport inProcess,
    TaStatusBoard board,
    IHttpClientFactory httpClients,
    TaBroadcast broadcast,
    Shutdown.ShutdownBudget shutdown,
    ILoggerFactory loggers) : BackgroundService, IHostComponent
{
    private static readonly TimeSpan TransportConfirmTimeout = TimeSpan.FromSeconds(30);
    // Whether commits are waiting for the transport (so a Kafka outage logs once when it starts and once when it ends).
    private bool _commitsHeld;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var logger = loggers.CreateLogger<TaWorker>();
        var options = settings.Worker;
        var ids = await SchemaIdsAsync(options, stoppingToken);
        await using var store = TaStoreFactory.Create(storeOptions, logger);
        // Fails loudly (and stops the host) if the store never answers: upstream carried on without tables.
        await store.EnsureSchemaAsync(stoppingToken);
        await using IRecordSubscriber subscriber = settings.Kafka is { } kafka
            ? new KafkaRecordSubscriber(kafka, loggers.CreateLogger<KafkaRecordSubscriber>())
            : inProcess.CreateSubscriber(options.GroupId);
        subscriber.Subscribe(options.InputTopics);
        var engineOptions = settings.Engine;
        var engine = new TaEngine(engineOptions, new StoreMicrobarHistory(store, logger, stoppingToken));
        // The bars topic's look-back is the 1 m warm-up: a new owner re-reads that much of it into the 1 m series.
        var ledger = new ResumeLedger(engineOptions.Microbars.ResumeLookBack,
            new Dictionary<string, TimeSpan> { [options.BarsTopic] = engineOptions.Warmup1m });
        // Rows written only count once the store acknowledged them (the status API's microbarsWritten/signalsWritten).
        // A store outage is retried (options.StoreRetry) and shows in readiness and metrics; it does not end the worker.
        await using var writer = new TaStoreWriter(store, options.StoreBatchRows, options.StoreFlushInterval, board.Wrote,
            retry: options.StoreRetry, logger: logger);
        board.Attach(engine, store, writer.Health);
        logger.LogInformation("ta worker consuming {Topics} as group {Group}", string.Join(",", options.InputTopics), options.GroupId);

        var output = new TaOutput();
        var nextStatus = DateTime.UtcNow;
        long statusSeq = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                output.Clear();
                var consumed = 0;
                var until = DateTime.UtcNow + options.BatchWindow;
                while (consumed < options.BatchMax && DateTime.UtcNow < until)
                {
                    var record = await subscriber.ConsumeAsync(until - DateTime.UtcNow, stoppingToken);
                    // Hand-overs happen inside a consume; apply them before the record, which may be from a new partition.
                    ApplyOwnershipChanges(subscriber.TakeOwnershipChanges(), engine, ledger, writer, logger);
                    if (record is null) break;
                    consumed++;
                    engine.OnEnvelope(record.Record.Value.Span, NanoTimestamp.Now, output, ledger.Observe(record));
                }
                engine.Advance(NanoTimestamp.Now, output);
                await PublishAsync(output, options, ids, stoppingToken);
                // The live chart gets the rows now, as Kafka does; the store gets them from the write-behind writer.
                broadcast.Publish(output.Microbars, output.Signals);
                // Once everything read so far is stored and published, this batch may commit, per partition, the
                // offset from which a new owner rebuilds every bar not yet frozen (ResumeLedger), never past a trade
                // such a bar still needs. The writer holds these commits until the store acknowledged the rows.
                await writer.HandOffAsync(output.Microbars, output.Signals, ledger.Commits(engine.ResumeFloor), stoppingToken);
                await CommitReadyAsync(writer, subscriber, logger, stoppingToken);
                if (DateTime.UtcNow >= nextStatus)
                {
                    nextStatus = DateTime.UtcNow + options.StatusInterval;
                    var status = engine.Status(NanoTimestamp.Now, ++statusSeq);
                    await publisher.PublishAsync(new TransportRecord(options.StatusTopic, "ta",
                        TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, status, ids.Status))), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await StopFlushAsync(writer, subscriber, options, logger);
        }
        finally
        {
            board.Detach();
        }
    }

    /// <summary>
    /// A revoked or lost partition's state is dropped without emitting (its open bars would be partial; the new owner
    /// rebuilds them from the committed offset), and nothing more is committed for it, including commits still waiting
    /// in the writer for their rows' acknowledgement. Outputs of the current batch and rows queued in the writer
    /// that came from it are still written: they are correct as far as they go, and the new owner's later versions
    /// of the same keys replace them (ReplacingMergeTree keeps the newest ingest_ts).
    /// </summary>
    private static void ApplyOwnershipChanges(IReadOnlyList<OwnershipChange> changes, TaEngine engine, ResumeLedger ledger, TaStoreWriter writer, ILogger logger)
    {
        foreach (var change in changes)
        {
            var key = new PartitionKey(change.Topic, change.Partition);
            if (change.Assigned)
            {
                ledger.Assigned(key, change.CommittedOffset);
                continue;
            }
            ledger.Revoked(key);
            engine.DropPartition(key);
            writer.DropPartition(key.Topic, key.Partition);
            logger.LogInformation("ta worker gave up {Partition} ({How}); its state is dropped", key, change.Lost ? "lost" : "revoked");
        }
    }

    /// <summary>
    /// Commits the offsets whose rows the store acknowledged, after the transport confirmed every Avro record published
    /// so far (those of the ready batches were published before their hand-off, on this same thread, so the flush
    /// covers exactly the commits taken after it). Runs on the loop thread. A transport that does not confirm (a broker
    /// outage) only delays the commits: they stay in the writer and go with a later batch, once Kafka is back.
    /// </summary>
    private async Task CommitReadyAsync(TaStoreWriter writer, IRecordSubscriber subscriber, ILogger logger, CancellationToken ct)
    {
        if (!writer.HasReadyCommits) return;
        if (!await publisher.FlushAsync(TransportConfirmTimeout, ct))
        {
            ct.ThrowIfCancellationRequested();
            if (!_commitsHeld) logger.LogWarning("ta worker: the transport did not confirm the TA outputs within {Timeout} s; commits wait until it does", TransportConfirmTimeout.TotalSeconds);
            _commitsHeld = true;
            return;
        }
        if (_commitsHeld) logger.LogInformation("ta worker: the transport confirmed the TA outputs again; commits resume");
        _commitsHeld = false;
        var ready = writer.TakeReadyCommits();
        if (ready.Count > 0) await CommitAsync(subscriber, ready, logger, ct);
    }

    /// <summary>
    /// Graceful stop: store what is pending and commit its offsets, within a bound. Whatever does not make it is
    /// re-read by the next owner from the previous commit (at-least-once). A store failure still fails the worker.
    /// </summary>
    private async Task StopFlushAsync(TaStoreWriter writer, IRecordSubscriber subscriber, TaWorkerOptions options, ILogger logger)
    {
        // Side by side with the lanes, within the drain phase of the host's shutdown budget.
        shutdown.Begin();
        var drain = shutdown.DrainLeft(options.StopFlushTimeout);
        var limit = drain < options.StopFlushTimeout ? drain : options.StopFlushTimeout;
        using var bound = new CancellationTokenSource(limit);
        try
        {
            await writer.DrainAsync(bound.Token);
            await CommitReadyAsync(writer, subscriber, logger, bound.Token);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            var (bars, signals) = writer.Unacknowledged;
            logger.LogWarning("ta worker stopped with {Microbars} microbars and {Signals} signals not stored within {Timeout}; their offsets are not committed",
                bars, signals, limit);
        }
    }

    private static async Task CommitAsync(IRecordSubscriber subscriber, List<PartitionOffset> commits, ILogger logger, CancellationToken ct)
    {
        try
        {
            await subscriber.CommitOffsetsAsync(commits, ct);
            if (logger.IsEnabled(LogLevel.Debug)) logger.LogDebug("ta worker committed {Offsets}", string.Join(", ", commits.Select(c => $"{c.Topic}[{c.Partition}]@{c.NextOffset}")));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A commit racing a rebalance can be refused. That is safe: whoever reads next starts from an older offset.
            logger.LogWarning("ta worker offset commit refused ({Error}); the next owner re-reads from the previous commit", e.Message);
        }
    }

    private async Task PublishAsync(TaOutput output, TaWorkerOptions options, SchemaIds ids, CancellationToken ct)
    {
        foreach (var bar in output.Microbars)
            await publisher.PublishAsync(new TransportRecord(options.MicrobarsTopic, bar.Symbol,
                TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, bar, ids.Microbars))), ct);
        foreach (var signal in output.Signals)
            await publisher.PublishAsync(new TransportRecord(options.SignalsTopic, signal.Symbol,
                TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, signal, ids.Signals))), ct);
    }

    /// <summary>Schema ids for Confluent framing: from the registry when configured, else TA_SCHEMA_ID, else plain Avro.</summary>
    private async Task<SchemaIds> SchemaIdsAsync(TaWorkerOptions options, CancellationToken ct)
    {
        if (options.SchemaRegistry is null) return new SchemaIds(options.SchemaId, options.SchemaId, options.SchemaId);
        var registry = new SchemaRegistryClient(httpClients.CreateClient("schema-registry"), options.SchemaRegistry);
        return new SchemaIds(
            await registry.RegisterAsync(options.MicrobarsTopic, TaAvroSchemas.Bar1sJson, ct),
            await registry.RegisterAsync(options.SignalsTopic, TaAvroSchemas.SignalJson, ct),
            await registry.RegisterAsync(options.StatusTopic, TaAvroSchemas.StatusJson, ct));
    }

    private sealed record SchemaIds(int? Microbars, int? Signals, int? Status);
}

/// <summary>What the TA worker is doing, for the status API and readiness (read-only to other modules).</summary>
public sealed class TaStatusBoard(TaStoreHandle stores) : IHostComponent
{
    private TaEngine? _engine;
    private ITaStore? _store;
    private StoreWriteHealth? _storeWrites;
    private long _microbarsWritten, _signalsWritten;

    public bool Running => _engine is not null;
    public TaCounters? Counters => _engine?.Counters;
    /// <summary>The store this process reads (the worker's, else a read-only one); Web and Gates use <see cref="TaStoreHandle"/>.</summary>
    public ITaStore? Store => stores.Current;
    /// <summary>Whether the running worker's store writes get through; null when no worker runs.</summary>
    public StoreWriteHealth? StoreWrites => _storeWrites;
    public long MicrobarsWritten => Interlocked.Read(ref _microbarsWritten);
    public long SignalsWritten => Interlocked.Read(ref _signalsWritten);

    internal void Attach(TaEngine engine, ITaStore store, StoreWriteHealth storeWrites)
    {
        (_engine, _store, _storeWrites) = (engine, store, storeWrites);
        stores.Open(store);
    }

    internal void Detach()
    {
        if (_store is { } store) stores.Close(store);
        (_engine, _store, _storeWrites) = (null, null, null);
    }

    /// <summary>A store this process only reads (the ingest role: trading eligibility and SLOs need the TA tables).</summary>
    internal void AttachReader(ITaStore store) => stores.OpenIfNone(store);
    internal void DetachReader(ITaStore store) => stores.Close(store);

    internal void Wrote(int microbars, int signals)
    {
        Interlocked.Add(ref _microbarsWritten, microbars);
        Interlocked.Add(ref _signalsWritten, signals);
    }
}
