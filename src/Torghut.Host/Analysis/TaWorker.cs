using System.Text;
using Microsoft.Extensions.Configuration;
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
/// The TA role (upstream's Flink job): consumes the ingest topics in a consumer group (scale = more workers; partitions
/// are keyed by symbol), runs the <see cref="TaEngine"/>, publishes Avro microbars/signals/status, writes the store, and
/// commits offsets only after both the store and the transport confirmed the batch — at-least-once, made idempotent
/// by the store's (symbol, event_ts, seq) key. Runs in roles <c>ta</c> and <c>all</c>.
/// </summary>
public sealed class TaWorker(
    IConfiguration configuration,
    IRecordPublisher publisher,
    InProcessTransport inProcess,
    TaStatusBoard board,
    IHttpClientFactory httpClients,
    TaBroadcast broadcast,
    ILoggerFactory loggers) : BackgroundService, IHostComponent
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var role = configuration["TORGHUT_ROLE"];
        if (role is not ("ta" or "all")) return;
        var logger = loggers.CreateLogger<TaWorker>();
        var options = TaWorkerOptions.From(configuration);
        var ids = await SchemaIdsAsync(options, stoppingToken);
        await using var store = TaStoreFactory.Create(configuration, logger);
        // Fails loudly (and stops the host) if the store never answers: upstream carried on without tables.
        await store.EnsureSchemaAsync(stoppingToken);
        await using IRecordSubscriber subscriber = KafkaSettings.IsConfigured(configuration)
            ? new KafkaRecordSubscriber(KafkaSettings.FromConfiguration(configuration), loggers.CreateLogger<KafkaRecordSubscriber>())
            : inProcess.CreateSubscriber(options.GroupId);
        subscriber.Subscribe(options.InputTopics);
        var engine = new TaEngine(TaEngineSettings.From(configuration));
        board.Attach(engine, store);
        logger.LogInformation("ta worker consuming {Topics} as group {Group}", string.Join(",", options.InputTopics), options.GroupId);

        var output = new TaOutput();
        var consumed = new List<ConsumedRecord>();
        var nextStatus = DateTime.UtcNow;
        long statusSeq = 0;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                consumed.Clear();
                output.Clear();
                var until = DateTime.UtcNow + options.BatchWindow;
                while (consumed.Count < options.BatchMax && DateTime.UtcNow < until)
                {
                    var record = await subscriber.ConsumeAsync(until - DateTime.UtcNow, stoppingToken);
                    if (record is null) break;
                    consumed.Add(record);
                    engine.OnEnvelope(record.Record.Value.Span, NanoTimestamp.Now, output);
                }
                engine.Advance(NanoTimestamp.Now, output);
                await PublishAsync(output, options, ids, stoppingToken);
                if (output.Microbars.Count + output.Signals.Count > 0)
                {
                    await store.WriteAsync(output.Microbars, output.Signals, stoppingToken);
                    board.Wrote(output.Microbars.Count, output.Signals.Count);
                    broadcast.Publish(output.Microbars, output.Signals);
                }
                if (!await publisher.FlushAsync(TimeSpan.FromSeconds(30), stoppingToken))
                    throw new InvalidOperationException("transport did not confirm the TA outputs within 30 s; not committing");
                if (consumed.Count > 0) await subscriber.CommitAsync(consumed, stoppingToken);
                if (DateTime.UtcNow >= nextStatus)
                {
                    nextStatus = DateTime.UtcNow + options.StatusInterval;
                    var status = engine.Status(NanoTimestamp.Now, ++statusSeq);
                    await publisher.PublishAsync(new TransportRecord(options.StatusTopic, "ta",
                        TaAvroEncoder.ToArray(w => TaAvroEncoder.Write(w, status, ids.Status))), stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        finally
        {
            board.Detach();
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
public sealed class TaStatusBoard : IHostComponent
{
    private TaEngine? _engine;
    private ITaStore? _store;
    private long _microbarsWritten, _signalsWritten;

    public bool Running => _engine is not null;
    public TaCounters? Counters => _engine?.Counters;
    public ITaStore? Store => _store;
    public long MicrobarsWritten => Interlocked.Read(ref _microbarsWritten);
    public long SignalsWritten => Interlocked.Read(ref _signalsWritten);

    internal void Attach(TaEngine engine, ITaStore store) => (_engine, _store) = (engine, store);
    internal void Detach() => (_engine, _store) = (null, null);

    internal void Wrote(int microbars, int signals)
    {
        Interlocked.Add(ref _microbarsWritten, microbars);
        Interlocked.Add(ref _signalsWritten, signals);
    }
}
