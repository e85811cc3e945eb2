using Torghut.Abstractions;

namespace Torghut.Host.Ingest;

/// <summary>
/// Receives the ingest lags (frame receipt − event time, ms) of one channel in one frame together, with the frame's
/// receipt time (the envelopes' ingestTs). Every lag is passed, none merged or sampled; batching lets an observer pay
/// its per-call work (a metric label lookup) once per frame and channel instead of once per message, and the receipt
/// time spares it a clock read (~25 ns on these VMs).
/// </summary>
public delegate void LagObserver(string channel, NanoTimestamp receivedAt, ReadOnlySpan<double> lagsMs);

/// <summary>Whoever watches ingest lags (the Prometheus histogram, the SLO window): one observer per lane.</summary>
public interface ILagObservers
{
    LagObserver For(string lane);
}
