using Torghut.Abstractions;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis.Microbars;

/// <summary>A trade's venue identity: packed exchange code (see <c>ExchangeCode</c>) and id. Default: unknown.
/// </summary>
public readonly record struct TradeIdentity(long Exchange, long Id)
{
    /// <summary>Only equity trades carry both; only they are cancelled or corrected (ids are per exchange).</summary>
    public bool Known => Exchange != 0;
}

public enum RevisionKind : byte { Cancel, Correction }

/// <summary>
/// A cancel/error or a correction of an earlier trade (Alpaca <c>x</c> / <c>c</c>): which trade, the notice's time,
/// and for a correction the trade's new id, price and size.
/// </summary>
public readonly record struct TradeRevision(RevisionKind Kind, TradeIdentity Trade, NanoTimestamp Time,
    long CorrectedId = 0, double CorrectedPrice = 0, double CorrectedSize = 0);

/// <summary>One trade of a bar, as a revision needs it to rebuild the bar without it or with new values.</summary>
internal readonly record struct KeptTrade(long Time, double Price, double Size, long Exchange, long Id);

/// <summary>A revision whose trade has not been read yet, with where and when (processing time) it was read.</summary>
internal readonly record struct PendingRevision(TradeRevision Revision, RecordPosition Position, long ReadAtNanos);

public sealed partial class MicrobarAggregator
{
    /// <summary>Revisions waiting for their trade, per symbol: beyond this they are counted as unmatched.</summary>
    internal const int MaxPendingPerSymbol = 256;

    /// <summary>
    /// Applies a cancel (the trade leaves its bar) or a correction (the trade takes its new price, size and id) to the
    /// bar holding the trade, if that bar is within the allowed lateness and not frozen (the rules a late trade
    /// meets); an emitted bar is appended to <paramref name="output"/> again under its key. A bar left without trades
    /// is emitted with count 0. Too old: counted (<see cref="TaCounters.CorrectionTooLate"/>). A revision read before
    /// its trade (the trades come from another partition) waits, bounded, until the watermark passes its second.
    /// </summary>
    public void OnRevision(string symbol, in TradeRevision revision, NanoTimestamp now, List<TaMicrobar> output,
        in RecordPosition position)
    {
        var s = Symbol(symbol, default); // the revision's partition is not the symbol's trade source
        if (!revision.Trade.Known)
        {
            _counters.CorrectionsUnmatched++;
            return;
        }
        if (TryFind(s, revision.Trade, out var index, out var k))
        {
            Apply(s, ref s.Ring[index], k, revision, position, now, output);
            return;
        }
        // The original trade is at or before the notice: if the notice's second is past lateness, so is the trade's.
        if (TooLate(s, FloorDiv(revision.Time.UnixNanoseconds, NanosPerSecond), position))
        {
            _counters.CorrectionTooLate++;
            return;
        }
        var pending = s.Pending ??= [];
        if (pending.Count >= MaxPendingPerSymbol)
        {
            if (!position.Context) _counters.CorrectionsUnmatched++;
            return;
        }
        pending.Add(new PendingRevision(revision, position, now.UnixNanoseconds));
    }

    /// <summary>Keeps a revisable symbol's trade in its slot, and applies a revision that was waiting for it.</summary>
    private void Remember(SymbolBuckets s, ref Slot slot, long t, double price, double size, TradeIdentity identity,
        NanoTimestamp now, List<TaMicrobar> output)
    {
        if (identity.Known) s.Revisable = true;
        if (!s.Revisable) return;
        (slot.Trades ??= []).Add(new KeptTrade(t, price, size, identity.Exchange, identity.Id));
        if (s.Pending is not { Count: > 0 } pending || !identity.Known) return;
        var i = pending.FindIndex(p => p.Revision.Trade == identity);
        if (i < 0) return;
        var waiting = pending[i];
        pending.RemoveAt(i);
        Apply(s, ref slot, slot.Trades.Count - 1, waiting.Revision, waiting.Position, now, output);
    }

    /// <summary>
    /// Drops the waiting revisions the watermark has passed (their trade can no longer join a bar), or that waited
    /// longer than a late trade could take in processing time (the symbol's trades are not read here at all).
    /// </summary>
    private void ExpirePending(SymbolBuckets s, long nowNanos)
    {
        if (s.Pending is not { Count: > 0 } pending) return;
        var patience = _options.OutOfOrderNanos + _options.LatenessNanos + _options.IdleNanos;
        pending.RemoveAll(p =>
        {
            var end = (FloorDiv(p.Revision.Time.UnixNanoseconds, NanosPerSecond) + 1) * NanosPerSecond;
            if (end + _options.LatenessNanos > s.Watermark && nowNanos - p.ReadAtNanos < patience) return false;
            // Context: the previous owner read it and applied it if it could; a bar not rebuilt here never sees it.
            if (!p.Position.Context) _counters.CorrectionsUnmatched++;
            return true;
        });
    }

    private static bool TryFind(SymbolBuckets s, TradeIdentity trade, out int index, out int k)
    {
        for (index = 0; index < s.Ring.Length; index++)
        {
            ref var slot = ref s.Ring[index];
            if (slot.State == SlotState.Empty || slot.Trades is not { Count: > 0 } trades) continue;
            for (k = 0; k < trades.Count; k++)
                if (trades[k].Id == trade.Id && trades[k].Exchange == trade.Exchange) return true;
        }
        index = k = -1;
        return false;
    }

    private bool TooLate(SymbolBuckets s, long second, in RecordPosition position)
    {
        var end = (second + 1) * NanosPerSecond;
        return (s.Watermark != long.MinValue && end + _options.LatenessNanos <= s.Watermark)
               || (position.Known && position.TimestampNanos >= end + _options.FreezeNanos);
    }

    private void Apply(SymbolBuckets s, ref Slot slot, int k, in TradeRevision revision, in RecordPosition position,
        NanoTimestamp now, List<TaMicrobar> output)
    {
        if (TooLate(s, slot.Second, position))
        {
            _counters.CorrectionTooLate++;
            return;
        }
        var trades = slot.Trades!;
        if (trades.Count != slot.Count)
        {
            // Some of the bar's trades came without an identity before the symbol showed one: it cannot be rebuilt.
            _counters.CorrectionsUnmatched++;
            return;
        }
        if (revision.Kind == RevisionKind.Cancel) trades.RemoveAt(k);
        else
            trades[k] = trades[k] with
            {
                Price = revision.CorrectedPrice, Size = revision.CorrectedSize, Id = revision.CorrectedId,
            };
        // High/low cannot be undone incrementally: the bar is rebuilt from its trades, in arrival order as before.
        slot.Count = 0;
        slot.Volume = slot.PriceVolume = 0;
        foreach (var t in trades) slot.Add(t.Time, t.Price, t.Size);
        _counters.RevisionsApplied++;
        if (slot.State == SlotState.Emitted) output.Add(ToBar(s.Symbol, ref slot, now));
        else if (slot.Count == 0) slot.State = SlotState.Empty; // never emitted, now without trades: nothing to emit
    }
}
