using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Ingest.Backfill;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest.Repair;

public sealed partial class LaneRepair
{
    /// <summary>
    /// Learns from the topics what the record already holds for <paramref name="symbols"/>: every bar version within
    /// the bars lookback, and each symbol's newest trade and quote with the identities near it. Recent records first;
    /// only symbols not found there are looked for over the whole trade lookback. Retried until it succeeds or
    /// <see cref="RepairOptions.TailTimeout"/> passes (then the lane streams anyway: counted and logged).
    /// </summary>
    public async Task LoadTailAsync(IReadOnlyCollection<string> symbols, CancellationToken stopping)
    {
        if (symbols.Count == 0) return;
        var watch = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                timeout.CancelAfter(_options.TailTimeout);
                var counts = await ReadTailAsync(symbols, timeout.Token);
                _logger.LogInformation("lane {Lane}: record tail read in {Ms} ms: {Bars} bars, {Trades} trades, {Quotes} quotes of {Symbols} symbols",
                    _plan.Name, watch.ElapsedMilliseconds, counts.Bars, counts.Trades, counts.Quotes, symbols.Count);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                if (watch.Elapsed >= _options.TailTimeout)
                {
                    _stats.TailFailed();
                    _logger.LogError("lane {Lane}: could not read the record's tail within {Timeout} ({Error}); streaming without it: " +
                                     "trades missed while the lane was down are not repaired", _plan.Name, _options.TailTimeout, e.Message);
                    return;
                }
                await Task.Delay(delay, stopping);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task<(int Bars, int Trades, int Quotes)> ReadTailAsync(IReadOnlyCollection<string> symbols, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var bars = 0;
        if (_bars is not null)
            foreach (var r in await _reader.ReadSinceAsync(_topics.Bars, symbols, now - _options.BarsLookback, ct))
                if (EnvelopeFacts.TryParse(r.Value, out var f) && f.Bar is { } version)
                {
                    Bars.Add(f.Symbol, f.EventTs, version);
                    bars++;
                }
        var trades = Trades is null ? 0 : await ReadEventsAsync(_topics.Trades, Trades, symbols, now, ct);
        var quotes = Quotes is null ? 0 : await ReadEventsAsync(_topics.Quotes, Quotes, symbols, now, ct);
        return (bars, trades, quotes);
    }

    private async Task<int> ReadEventsAsync(string topic, PublishedEvents published, IReadOnlyCollection<string> symbols, DateTimeOffset now, CancellationToken ct)
    {
        var read = 0;
        var missing = new HashSet<string>(symbols, StringComparer.Ordinal);
        var recent = now - TailRecent;
        var whole = now - _options.TradesLookback;
        foreach (var since in recent > whole ? new[] { recent, whole } : [whole])
        {
            if (missing.Count == 0) break;
            foreach (var r in await _reader.ReadSinceAsync(topic, missing.ToList(), since, ct))
                if (EnvelopeFacts.TryParse(r.Value, out var f) && f.Key is { } key)
                {
                    published.TryAdd(f.Symbol, f.EventTs, key);
                    read++;
                }
            missing.RemoveWhere(s => published.Newest(s) is not null);
        }
        return read;
    }

    /// <summary>Repairs open holes one at a time until the lane stops; woken by new holes, else retries every
    /// <see cref="RepairOptions.RetryInterval"/>. Waits while the transport is not ready (repairs would only queue).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var wait = _options.RetryInterval;
            while (!stopping.IsCancellationRequested)
            {
                await _wake.WaitAsync(wait, stopping);
                while (!_publisher.Health.Ready) await Task.Delay(500, stopping);
                wait = _options.RetryInterval;
                foreach (var (key, hole) in Pending())
                {
                    if (key.Channel != RepairChannel.Bars && hole.End is null && !_flowing && DateTime.UtcNow - _readyAt < FlowWait)
                    {
                        wait = TimeSpan.FromMilliseconds(500); // until the stream flows (woken) or FlowWait passes
                        continue;
                    }
                    await RepairAsync(key.Symbol, key.Channel, hole, stopping);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
    }

    private List<KeyValuePair<(string Symbol, RepairChannel Channel), Hole>> Pending()
    {
        lock (_gate) return _holes.OrderBy(h => h.Key.Symbol, StringComparer.Ordinal).ThenBy(h => h.Key.Channel).ToList();
    }

    private async Task RepairAsync(string symbol, RepairChannel channel, Hole hole, CancellationToken stopping)
    {
        var watch = Stopwatch.StartNew();
        var stats = _stats.Symbol(symbol);
        long published, skipped;
        try
        {
            if (hole.RecheckSince is { } since)
            {
                if (!await RecheckAsync(symbol, channel, since, stopping)) return; // a newer failure: re-read next pass
                hole = hole with { RecheckSince = null, FailedAt = null };
            }
            (published, skipped) = channel switch
            {
                RepairChannel.Bars => await RepairBarsAsync(symbol, hole, stopping),
                RepairChannel.Trades => await _history!.RepairAsync(HistoryKind.Trades, symbol, hole.Start, hole.End, Trades!, stopping),
                _ => await _history!.RepairAsync(HistoryKind.Quotes, symbol, hole.Start, hole.End, Quotes!, stopping),
            };
        }
        catch (BackfillException e)
        {
            stats.Failed($"{Name(channel)}: {e.Message}");
            _logger.LogError("lane {Lane}: repair of {Symbol} {Channel} [{Start}, {End}) failed: {Reason}; retrying in {Retry}",
                _plan.Name, symbol, Name(channel), hole.Start, hole.End?.ToString() ?? "now", e.Message, _options.RetryInterval);
            return;
        }
        lock (_gate)
        {
            // A hole opened meanwhile for the same symbol and channel stays for the next pass.
            if (_holes.TryGetValue((symbol, channel), out var current) && current == hole) _holes.Remove((symbol, channel));
            CountOpen(symbol);
            Pin();
        }
        stats.Add(Name(channel), published);
        var lag = (DateTime.UtcNow - hole.OpenedAt).TotalSeconds;
        stats.Repaired(lag);
        _logger.LogInformation("lane {Lane}: repaired {Symbol} {Channel} [{Start}, {End}): {Published} published, {Skipped} already in the record, in {Ms} ms (lag {Lag:0.0} s)",
            _plan.Name, symbol, Name(channel), hole.Start, hole.End?.ToString() ?? "now", published, skipped, watch.ElapsedMilliseconds, lag);
    }

    /// <summary>
    /// Learns which of the records the transport gave up on the broker stored anyway (a produce timed out in flight):
    /// they are in the record and the repair must not publish them again.
    /// </summary>
    private async Task<bool> RecheckAsync(string symbol, RepairChannel channel, DateTimeOffset since, CancellationToken stopping)
    {
        try
        {
            return await RereadAsync(symbol, channel, since, stopping);
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // Unsure what the broker holds: publishing now could repeat a record, so the hole waits for the next pass.
            throw new BackfillException($"could not re-read {Name(channel)} stored since {since:O}: {e.Message}");
        }
    }

    private async Task<bool> RereadAsync(string symbol, RepairChannel channel, DateTimeOffset since, CancellationToken stopping)
    {
        var readFrom = DateTime.UtcNow;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.TailTimeout);
        var topic = channel switch { RepairChannel.Bars => _topics.Bars, RepairChannel.Trades => _topics.Trades, _ => _topics.Quotes };
        var found = 0;
        foreach (var r in await _reader.ReadSinceAsync(topic, [symbol], since, timeout.Token))
        {
            if (!EnvelopeFacts.TryParse(r.Value, out var f) || f.Symbol != symbol) continue;
            if (channel == RepairChannel.Bars && f.Bar is { } version) Bars.Add(f.Symbol, f.EventTs, version);
            else if (f.Key is { } key) (channel == RepairChannel.Trades ? Trades : Quotes)?.TryAdd(f.Symbol, f.EventTs, key);
            else continue;
            found++;
        }
        _logger.LogInformation("lane {Lane}: {Symbol} {Channel}: re-read {Found} records stored since {Since:O} before repairing undelivered ones",
            _plan.Name, symbol, Name(channel), found, since);
        lock (_gate)
        {
            // A failure reported after the read began may name a record the read did not reach: read again next pass.
            if (!_holes.TryGetValue((symbol, channel), out var current) || current.FailedAt > readFrom) return false;
            _holes[(symbol, channel)] = current with { RecheckSince = null, FailedAt = null };
            return true;
        }
    }

    private async Task<(long, long)> RepairBarsAsync(string symbol, Hole hole, CancellationToken stopping)
    {
        var (before, seenBefore) = (_stats.Pages.Bars, _stats.Pages.SkippedAsSeen);
        await _bars!.SymbolAsync(symbol, hole.Start, hole.End, stopping);
        // The lane's page stats are shared by every repair, and repairs run one at a time: the difference is this one's.
        return (_stats.Pages.Bars - before, _stats.Pages.SkippedAsSeen - seenBefore);
    }

    private static string Name(RepairChannel channel) => channel switch
    {
        RepairChannel.Bars => "bars",
        RepairChannel.Trades => "trades",
        _ => "quotes",
    };
}
