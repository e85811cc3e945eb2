using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Torghut.Host.Transport;

namespace Torghut.Host.Gateway;

/// <summary>
/// Reads the ingest topics from the transport — its own consumer group starting at the newest records, so it never
/// moves the TA workers' offsets — and offers every stream message to each connected client. Offering never waits: a
/// client whose queue is full is marked slow (<see cref="GatewaySession.Offer"/>), so no client can hold up the feed,
/// another client, ingest or TA.
/// </summary>
internal sealed class GatewayFeed(
    IRecordSubscriber subscriber, IReadOnlyList<string> topics, GatewayStats stats, ILogger logger)
{
    private readonly object _lock = new();
    private GatewaySession[] _sessions = [];

    public void Add(GatewaySession session)
    {
        lock (_lock) _sessions = [.. _sessions, session];
    }

    public void Remove(GatewaySession session)
    {
        lock (_lock) _sessions = _sessions.Where(s => s != session).ToArray();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        subscriber.Subscribe(topics);
        logger.LogInformation("gateway reading {Topics} from the transport", string.Join(",", topics));
        while (!ct.IsCancellationRequested)
        {
            ConsumedRecord? record;
            try
            {
                record = await subscriber.ConsumeAsync(TimeSpan.FromSeconds(1), ct);
                subscriber.TakeOwnershipChanges(); // the gateway keeps no per-partition state
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A transport error must not end the gateway: clients stay connected and data resumes with the
                // transport.
                logger.LogWarning("gateway read failed: {Error}", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                continue;
            }
            if (record is null) continue;
            var message = AlpacaMessageEncoding.FromEnvelope(record.Record.Value.Span, Stopwatch.GetTimestamp(),
                out var skip);
            stats.Read(skip);
            if (message is null) continue;
            foreach (var session in _sessions) session.Offer(message);
        }
    }
}
