using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Configuration;
using Torghut.Host.Flags;
using Torghut.Host.Ingest.Repair;
using Torghut.Host.Lanes;
using Torghut.Host.Transport;
using Torghut.Host.Universe;
using Torghut.Host.Universe.Symbols;

namespace Torghut.Host.Ingest;

/// <summary>
/// A running ingest lane: the venue session, its universe poller and its heartbeat, publishing envelopes to the
/// transport. Stopping drains: frames already received are published, then the publisher is flushed.
/// </summary>
public sealed class IngestLane(
    LanePlan plan,
    IRecordPublisher publisher,
    SequenceClock sequence,
    IngestStatus status,
    IFlagReader flags,
    IngestOptions options,
    IHttpClientFactory httpClients,
    IEnumerable<ILagObservers> lagObservers,
    ITopicReader topicReader,
    DeliveryFailures deliveryFailures,
    RepairStatusBoard repairs,
    Shutdown.ShutdownBudget shutdown,
    Universe.Symbols.ISymbolStore symbolStore,
    OrderBooks.OrderBookBoard orderBooks,
    ILoggerFactory loggers) : ILane
{
    public async Task RunAsync(CancellationToken stopping)
    {
        var logger = loggers.CreateLogger($"Torghut.Ingest.{plan.Name}");
        var topics = options.Topics;
        var feedName = plan.Venue ?? plan.Plugin;
        var universeOptions = options.Universe[plan.Market];
        var universeFlag = plan.Market == Market.Crypto;
        var universeEnabled = true;
        var universe = new UniverseTracker(plan.Name, plan.Codec!, plan.Symbols, universeOptions, httpClients.CreateClient("universe"), logger,
            () => !universeFlag || universeEnabled, symbolStore, plan.Market == Market.Crypto ? AssetClasses.Crypto : AssetClasses.Equity);
        if (universeFlag) universeEnabled = await flags.IsEnabledAsync(FlagKeys.UniverseCrypto);
        // With no symbols URL the host's own store is the universe: seed it on first run, then start from what it holds.
        if (await universe.SeedAsync(stopping)) logger.LogInformation("lane {Lane}: symbols store seeded with {Count} configured symbols", plan.Name, plan.Symbols.Count);
        if (universeOptions.SymbolsUrl is null) await universe.RefreshAsync(stopping);

        var credentials = plan.Credentials ?? Credentials(logger);
        using var background = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var repairStats = repairs.For(plan.Name);
        var sessionOptions = options.Session;
        var repair = new LaneRepair(plan, credentials, publisher, topicReader, topics, new EnvelopeWriter(feedName, topics, sequence),
            options.Repair[plan.Market], httpClients.CreateClient("backfill"), repairStats, logger, () => universe.Current)
        {
            FlowWait = sessionOptions.SilenceRepairAfter,
        };
        using var failures = deliveryFailures.Subscribe(repair.OnDeliveryFailed);
        // The topics are the durable record: learn where it ends before streaming, so the first ready session repairs
        // exactly the hole since then (a restart, a crash, a flag-off period) and republishes nothing already there.
        await repair.LoadTailAsync(universe.Current, stopping);
        var session = new FeedSession(plan.Name, plan.Feed!, credentials, publisher,
            new EnvelopeWriter(feedName, topics, sequence), sessionOptions, universe.Current, logger,
            ObserveLag(plan.Name), repair, orderBooks.For(plan.Name))
        {
            // When the host stops, a frame waiting for buffer room gets the drain phase of the budget, not 10 s.
            StopGrace = () => shutdown.DrainLeft(TimeSpan.FromSeconds(10)),
            OnReady = () =>
            {
                repair.OnSessionReady();
                return Task.CompletedTask;
            },
            OnSilenceEnded = repair.OnSilenceEnded,
            OnDataAfterReady = repair.OnStreamFlowing,
        };
        status.Register(plan.Name, session.Snapshot,
            () => new UniverseHealth(universe.FetchSuccesses, universe.FetchFailures, universe.Degraded, universe.LastFailure, universe.Current.Count),
            repairStats.Pages);
        var repairLoop = repair.RunAsync(background.Token);
        var heartbeatWriter = new EnvelopeWriter(feedName, topics, sequence);
        var universeLoop = universe.RunAsync(async symbols =>
        {
            if (universeFlag) universeEnabled = await flags.IsEnabledAsync(FlagKeys.UniverseCrypto);
            session.SetSymbols(universe.Current);
        }, background.Token);
        var heartbeatLoop = HeartbeatLoopAsync(session, heartbeatWriter, background.Token);
        try
        {
            await session.RunAsync(stopping);
        }
        finally
        {
            await background.CancelAsync();
            await Task.WhenAll(universeLoop, heartbeatLoop, repairLoop).ContinueWith(_ => { }, TaskScheduler.Default);
            // A lane switched off at runtime flushes for 10 s; when the host stops, the drain phase of its budget
            // bounds both (a full producer buffer would otherwise hold the last heartbeat forever with Kafka down).
            var drain = shutdown.DrainLeft(TimeSpan.FromSeconds(10));
            using var bound = new CancellationTokenSource(drain);
            try
            {
                await PublishHeartbeatAsync(session, heartbeatWriter, bound.Token);
                if (!await publisher.FlushAsync(drain, bound.Token) && !shutdown.Begun)
                    logger.LogError("lane {Lane}: transport did not confirm every record within 10 s of stopping", plan.Name);
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested) { } // the publisher's final report counts what is left
            status.Unregister(plan.Name);
            // A stopped lane serves no books (they would only go stale); its counts stay for the metrics.
            var books = orderBooks.For(plan.Name);
            books.Forget(books.Symbols);
        }
    }

    /// <summary>Each lag goes to every observer (the Prometheus histogram, the SLO evaluator's sliding window).</summary>
    private LagObserver ObserveLag(string lane)
    {
        var observers = lagObservers.Select(o => o.For(lane)).ToArray();
        return (channel, receivedAt, lags) =>
        {
            foreach (var observe in observers) observe(channel, receivedAt, lags);
        };
    }

    private VenueCredentials Credentials(ILogger logger)
    {
        // Only the simulator accepts these; against the real venue the session reports 402 and degrades the lane.
        logger.LogWarning("lane {Lane}: no venue credentials set ({Settings}); using local simulator credentials", plan.Name,
            plan.CredentialSettings ?? $"{ConfigKeys.LanePrefix}{plan.Name.ToUpperInvariant()}_KEY_ID/_SECRET_KEY");
        return new VenueCredentials("torghut-local", "torghut-local");
    }

    private async Task HeartbeatLoopAsync(FeedSession session, EnvelopeWriter writer, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken)) await PublishHeartbeatAsync(session, writer, cancellationToken);
        }
        catch (OperationCanceledException) { }
    }

    private Task PublishHeartbeatAsync(FeedSession session, EnvelopeWriter writer, CancellationToken cancellationToken)
    {
        var s = session.Snapshot();
        var record = writer.LaneStatus(new LaneHeartbeat(plan.Name, s.State.ToString().ToLowerInvariant(), s.Ready, s.Problem,
            s.Reconnects, s.DecodeErrors, s.Subscribed, s.LastEvent));
        return publisher.PublishAsync(record, cancellationToken).AsTask();
    }
}
