namespace Torghut.Host.Ingest;

/// <summary>
/// Receives the ingest lags (frame receipt − event time, ms) of one channel in one frame together. Every lag is passed,
/// none merged or sampled; batching lets an observer pay its per-call work (a metric label lookup, a clock read) once
/// per frame and channel instead of once per message.
/// </summary>
public delegate void LagObserver(string channel, ReadOnlySpan<double> lagsMs);
