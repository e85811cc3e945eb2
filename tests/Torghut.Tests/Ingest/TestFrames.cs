using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Transport;

namespace Torghut.Tests.Ingest;

/// <summary>What the frame-sink tests share: fixed topics and sequence, times as milliseconds after a fixed instant.</summary>
internal static class TestFrames
{
    public static readonly TopicMap Topics = new("t", "q", "b", "s");
    public static readonly NanoTimestamp T0 = NanoTimestamp.FromUnix(1_700_000_000);

    public static NanoTimestamp Ms(long ms) => T0.AddNanoseconds(ms * 1_000_000);

    /// <summary>An envelope writer whose frames are received at <paramref name="clock"/> (the envelopes' ingestTs).</summary>
    public static EnvelopeWriter Writer(Func<NanoTimestamp> clock) => new("alpaca", Topics, new SequenceClock(() => 7), clock);

    /// <summary>A sink over <see cref="Writer"/>, observing lags with <paramref name="observeLag"/> when given.</summary>
    public static FrameSink Sink(Func<NanoTimestamp> clock, LagObserver? observeLag = null) => new(Writer(clock)) { ObserveLag = observeLag };
}
