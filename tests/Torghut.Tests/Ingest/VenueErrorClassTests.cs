using Microsoft.Extensions.Logging.Abstractions;
using Torghut.Abstractions;
using Torghut.Host.Ingest;
using Torghut.Host.Transport;
using Torghut.Tests.Support;

namespace Torghut.Tests.Ingest;

/// <summary>
/// The host is venue-neutral: a session's error class is the plugin's venue family and the host's kind of problem.
/// Alpaca's lanes keep upstream's <c>alpaca_connect</c>; another venue's lane says its own name, never Alpaca's.
/// </summary>
public sealed class VenueErrorClassTests
{
    [Theory]
    [InlineData("alpaca")]
    [InlineData("replay")]
    public async Task A_failed_connect_is_classed_under_the_lanes_venue(string venue)
    {
        var closedPort = HostProcess.FreePort();
        var feed = AlpacaLane.Feed("Alpaca.Crypto", new Dictionary<string, string> { ["ALPACA_STREAM_URL"] = $"ws://127.0.0.1:{closedPort}" });
        var session = new FeedSession("crypto", feed, new VenueCredentials("k", "s"), new RecordingPublisher(),
            new EnvelopeWriter(venue, new TopicMap("t", "q", "b", "s"), new SequenceClock()), new SessionOptions(), ["BTC/USD"],
            NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var running = session.RunAsync(stop.Token);
        string? errorClass = null;
        await Eventually.HoldsAsync(() => (errorClass = session.Snapshot().ErrorClass) is not null, "the connect failed");
        await stop.CancelAsync();
        try { await running; } catch (OperationCanceledException) { }

        errorClass.ShouldBe($"{venue}_connect");
    }
}
