using Torghut.Abstractions;
using Torghut.Host.Storage;

namespace Torghut.Host.Analysis.Signals;

/// <summary>
/// A bar as a signal series sees it: the ordering time (1 s: window end; 1 m: bar start), the close/volume the
/// indicators use, and the envelope fields its <see cref="TaSignal"/> copies.
/// </summary>
public readonly record struct SeriesBar(
    NanoTimestamp Time,
    long Seq,
    NanoTimestamp IngestTs,
    bool IsFinal,
    string Source,
    TaWindow Window,
    double Close,
    double Volume)
{
    /// <summary>When the bar closed (window end): the reference for quote freshness.</summary>
    public NanoTimestamp CloseTime => Window.End ?? Time;
}

/// <summary>The latest quote of a symbol.</summary>
public readonly record struct LatestQuote(NanoTimestamp Time, double BidPx, double BidSz, double AskPx, double AskSz);
