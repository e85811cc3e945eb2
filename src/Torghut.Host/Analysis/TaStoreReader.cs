using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis;

/// <summary>
/// In the ingest role no TA worker runs, yet trading eligibility, the SLOs and the freshness API read the TA tables.
/// With a shared store configured (ClickHouse) this opens it read-only for them; the embedded DuckDB file belongs to
/// the process that writes it, so it is never opened here.
/// </summary>
public sealed class TaStoreReader(TaStoreOptions options, TaStatusBoard board, ILoggerFactory loggers) : BackgroundService, IHostComponent
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Runs in role ingest only (RoleServices); without a shared store there is nothing to read.
        if (options.ClickHouse is null) return;
        var logger = loggers.CreateLogger<TaStoreReader>();
        await using var store = TaStoreFactory.Create(options, logger);
        // Reads need the tables' flavour (legacy or modern). An unreachable store must never stop ingest: until it
        // answers, eligibility reports ta_store_unavailable and the store SLOs have no data.
        while (true)
        {
            try
            {
                await store.EnsureSchemaAsync(stoppingToken);
                break;
            }
            catch (Exception e) when (e is StorageException or HttpRequestException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("TA store not reachable for reads yet ({Error}); retrying", e.Message);
                try { await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
            catch (OperationCanceledException) { return; }
        }
        board.AttachReader(store);
        logger.LogInformation("ingest role reads TA rows from {Store} (trading eligibility, SLOs)", store);
        try { await Task.Delay(Timeout.Infinite, stoppingToken); }
        catch (OperationCanceledException) { }
        finally { board.DetachReader(store); }
    }
}
