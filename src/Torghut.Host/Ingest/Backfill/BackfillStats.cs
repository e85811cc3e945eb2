namespace Torghut.Host.Ingest.Backfill;

/// <summary>What a backfill run did, for metrics, logs and the CLI's progress line.</summary>
public sealed class BackfillStats
{
    private long _pages, _bars, _skippedAsSeen, _retries, _rateLimited, _malformedPages, _decodeErrors, _failedSymbols;

    public long Pages => Interlocked.Read(ref _pages);
    public long Bars => Interlocked.Read(ref _bars);
    public long SkippedAsSeen => Interlocked.Read(ref _skippedAsSeen);
    public long Retries => Interlocked.Read(ref _retries);
    public long RateLimited => Interlocked.Read(ref _rateLimited);
    public long MalformedPages => Interlocked.Read(ref _malformedPages);
    public long DecodeErrors => Interlocked.Read(ref _decodeErrors);
    public long FailedSymbols => Interlocked.Read(ref _failedSymbols);

    internal void Page() => Interlocked.Increment(ref _pages);
    internal void Bar() => Interlocked.Increment(ref _bars);
    internal void Seen() => Interlocked.Increment(ref _skippedAsSeen);
    internal void Retry() => Interlocked.Increment(ref _retries);
    internal void Limited() => Interlocked.Increment(ref _rateLimited);
    internal void Malformed() => Interlocked.Increment(ref _malformedPages);
    internal void Errors(int n) => Interlocked.Add(ref _decodeErrors, n);
    internal void SymbolFailed() => Interlocked.Increment(ref _failedSymbols);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);

    /// <summary>Items a page returned that were not asked for (foreign_symbol, out_of_range, wrong_timeframe), by reason.</summary>
    public IReadOnlyDictionary<string, long> RejectedByReason => new Dictionary<string, long>(_rejected);

    internal void Rejected(string reason) => _rejected.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public override string ToString() =>
        $"{Bars} bars in {Pages} pages ({SkippedAsSeen} already seen live, {Retries} retries, {RateLimited} rate-limited, {MalformedPages} malformed pages, {DecodeErrors} bad items, {_rejected.Values.Sum()} not asked for, {FailedSymbols} symbols failed)";
}
