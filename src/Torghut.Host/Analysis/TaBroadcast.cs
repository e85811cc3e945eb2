using System.Collections.Concurrent;
using System.Threading.Channels;
using Torghut.Host.Composition;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis;

/// <summary>One 1 s candle with its 1 s signal overlays, as the dashboard chart draws it.</summary>
/// <param name="Time">Window start in Unix seconds (the chart's bar time; the store's event_ts is the window end).</param>
public sealed record ChartPoint(string Symbol, long Time, double Open, double High, double Low, double Close, double Volume,
    double? Ema12, double? Ema26, double? Vwap)
{
    /// <summary>Joins 1 s microbars with the 1 s signals of the same (symbol, event_ts); a bar without one has no overlays.</summary>
    public static IEnumerable<ChartPoint> Join(IEnumerable<TaMicrobar> microbars, IEnumerable<TaSignal> signals)
    {
        var bySlot = new Dictionary<(string, long), TaSignal>();
        foreach (var s in signals)
            if (s.Cadence == Cadence.OneSecond) bySlot[(s.Symbol, s.EventTs.UnixNanoseconds)] = s;
        foreach (var bar in microbars)
        {
            if (bar.Window.Size != "PT1S") continue;
            bySlot.TryGetValue((bar.Symbol, bar.EventTs.UnixNanoseconds), out var signal);
            var start = bar.Window.Start ?? bar.EventTs.AddNanoseconds(-1_000_000_000);
            yield return new ChartPoint(bar.Symbol, start.UnixSeconds, bar.Open, bar.High, bar.Low, bar.Close, bar.Volume,
                signal?.Ema?.Ema12, signal?.Ema?.Ema26, signal?.Vwap?.Session);
        }
    }
}

/// <summary>
/// Fans new chart points out to live subscribers (the dashboard's SSE streams), at most TORGHUT_SSE_MAX_CLIENTS of
/// them. The TA worker's <see cref="Publish"/> only drops its batch into one bounded queue; a fan-out task of its own
/// joins and copies it to each subscriber's small bounded queue, which drops its OLDEST point when full: a slow or
/// backgrounded browser tab loses history it can re-fetch, and neither it nor the number of tabs slows TA.
/// </summary>
public sealed class TaBroadcast : IHostComponent, IDisposable
{
    public const int DefaultMaxClients = 32;
    private const int QueueCapacity = 512;
    private readonly ConcurrentDictionary<Subscription, byte> _subscribers = new();
    private readonly Channel<(IReadOnlyList<TaMicrobar>, IReadOnlyList<TaSignal>)> _batches =
        Channel.CreateBounded<(IReadOnlyList<TaMicrobar>, IReadOnlyList<TaSignal>)>(new BoundedChannelOptions(64)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false,
        });
    private readonly int _maxClients;
    private int _count;

    public TaBroadcast(TaBroadcastOptions options)
    {
        _maxClients = options.MaxClients;
        _ = Task.Run(FanOutAsync);
    }

    public int Subscribers => _subscribers.Count;

    /// <summary>A new subscription, or null when <c>TORGHUT_SSE_MAX_CLIENTS</c> streams are already open.</summary>
    public Subscription? TrySubscribe(string? symbol)
    {
        if (Interlocked.Increment(ref _count) > _maxClients)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }
        var channel = Channel.CreateBounded<ChartPoint>(new BoundedChannelOptions(QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false,
        });
        var subscription = new Subscription(this, symbol, channel);
        _subscribers[subscription] = 0;
        return subscription;
    }

    /// <summary>Called by the TA worker after a batch is written, so a streamed candle is also in the store. Never blocks.</summary>
    public void Publish(IReadOnlyList<TaMicrobar> microbars, IReadOnlyList<TaSignal> signals)
    {
        if (_subscribers.IsEmpty || microbars.Count == 0) return;
        // Copied: the worker reuses its output lists for the next batch while the fan-out task still reads these.
        _batches.Writer.TryWrite((microbars.ToArray(), signals.ToArray()));
    }

    private async Task FanOutAsync()
    {
        await foreach (var (microbars, signals) in _batches.Reader.ReadAllAsync())
            foreach (var point in ChartPoint.Join(microbars, signals))
                foreach (var subscriber in _subscribers.Keys)
                    if (subscriber.Symbol is null || string.Equals(subscriber.Symbol, point.Symbol, StringComparison.OrdinalIgnoreCase))
                        subscriber.Writer.TryWrite(point);
    }

    public void Dispose() => _batches.Writer.TryComplete();

    public sealed class Subscription : IDisposable
    {
        private readonly TaBroadcast _owner;
        private readonly Channel<ChartPoint> _channel;

        internal Subscription(TaBroadcast owner, string? symbol, Channel<ChartPoint> channel) =>
            (_owner, Symbol, _channel) = (owner, symbol, channel);

        public string? Symbol { get; }
        public ChannelReader<ChartPoint> Reader => _channel.Reader;
        internal ChannelWriter<ChartPoint> Writer => _channel.Writer;

        public void Dispose()
        {
            if (_owner._subscribers.TryRemove(this, out _)) Interlocked.Decrement(ref _owner._count);
            _channel.Writer.TryComplete();
        }
    }
}
