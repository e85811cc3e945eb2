using Torghut.Abstractions;
using Torghut.Host.Transport;

namespace Torghut.Host.Ingest;

/// <summary>
/// Collects what one frame decodes to: envelopes to publish, control messages for the session, decode errors.
/// Kept synchronous (the plugin's decoder calls it); the session publishes and acts after the frame is decoded.
/// A record that cannot become an envelope (e.g. a non-finite number slipped through a plugin) is counted as a
/// decode error and dropped alone.
/// </summary>
public sealed class FrameSink(EnvelopeWriter envelopes) : IFeedSink
{
    public List<TransportRecord> Records { get; } = new(64);
    public List<ControlMessage> Controls { get; } = new(2);
    public List<DecodeError> Errors { get; } = new();
    public Dictionary<string, NanoTimestamp> LastEvent { get; } = new(StringComparer.Ordinal);

    /// <summary>Latest bar start per symbol (for gap backfill after a reconnect).</summary>
    public Dictionary<string, NanoTimestamp> LastBar { get; } = new(StringComparer.Ordinal);

    public long Messages { get; private set; }

    /// <summary>Messages per channel since start.</summary>
    public Dictionary<string, long> PerChannel { get; } = new(StringComparer.Ordinal);

    /// <summary>Observes ingest lag (now − event time, ms) per channel; negative lags (clock skew) are not observed.</summary>
    public Action<string, double>? ObserveLag { get; init; }

    public void Clear()
    {
        Records.Clear();
        Controls.Clear();
        Errors.Clear();
    }

    public void OnTrade(in Trade trade)
    {
        if (Add(trade.Timestamp, "trades", envelopes.Trade, trade)) Messages++;
    }

    public void OnQuote(in Quote quote)
    {
        if (Add(quote.Timestamp, "quotes", envelopes.Quote, quote)) Messages++;
    }

    public void OnBar(in Bar bar)
    {
        if (bar.Kind == BarKind.Daily) return; // daily bars have no topic upstream
        var channel = bar.Kind == BarKind.Updated ? "updatedBars" : "bars";
        if (!Add(bar.Timestamp, channel, (in Bar b) => envelopes.Bar(b, EnvelopeSource.Ws), bar)) return;
        Messages++;
        if (!LastBar.TryGetValue(bar.Symbol, out var last) || bar.Timestamp > last) LastBar[bar.Symbol] = bar.Timestamp;
    }

    public void OnStatus(in TradingStatus status)
    {
        if (Add(status.Timestamp, "statuses", envelopes.Status, status)) Messages++;
    }

    public void OnOrderBook(in OrderBookUpdate update)
    {
        // Order books have no topic in the upstream contract; counted so the channel's freshness is visible.
        LastEvent["orderbooks"] = update.Timestamp;
        Messages++;
    }

    public void OnControl(ControlMessage control) => Controls.Add(control);

    public void OnDecodeError(in DecodeError error) => Errors.Add(error);

    private delegate TransportRecord Build<T>(in T value);

    private bool Add<T>(NanoTimestamp ts, string channel, Build<T> build, in T value)
    {
        try
        {
            Records.Add(build(value));
            LastEvent[channel] = ts;
            PerChannel[channel] = PerChannel.GetValueOrDefault(channel) + 1;
            if (ObserveLag is { } observe)
            {
                var lagMs = (NanoTimestamp.Now.UnixNanoseconds - ts.UnixNanoseconds) / 1e6;
                if (lagMs >= 0) observe(channel, lagMs);
            }
            return true;
        }
        catch (ArgumentOutOfRangeException e)
        {
            Errors.Add(new DecodeError(-1, channel, $"cannot build envelope: {e.Message}"));
            return false;
        }
    }
}
