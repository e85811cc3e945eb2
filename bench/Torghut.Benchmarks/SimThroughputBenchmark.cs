using Alpaca.Simulator;

namespace Torghut.Benchmarks;

/// <summary>
/// <c>sim-throughput</c>: messages per second one simulator delivers to one websocket client in firehose mode,
/// against bare Kestrel websockets sending a frame captured from that same simulator run (same shape and size).
/// </summary>
public static class SimThroughputBenchmark
{
    public const double TargetMessagesPerSecond = 200_000;
    private static readonly string[] Symbols = ["BTC/USD", "ETH/USD", "SOL/USD"];
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Measure = TimeSpan.FromSeconds(6);

    public static async Task<BenchResult> RunAsync(TextWriter log)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var (simRate, frame) = await MeasureSimulatorAsync(log, cts.Token);
        var bareRate = await MeasureBareAsync(frame, log, cts.Token);
        return new BenchResult(
            $"sim-throughput ({string.Join(", ", Symbols)} firehose, JSON)",
            "simulator → 1 websocket client", simRate,
            $"bare Kestrel websocket, same {frame.Length / 1024.0:F0} KB frame pre-serialized", bareRate,
            $"simulator ≥ {TargetMessagesPerSecond:N0} msg/s", simRate >= TargetMessagesPerSecond);
    }

    private static async Task<(double Rate, byte[] Frame)> MeasureSimulatorAsync(TextWriter log, CancellationToken ct)
    {
        await using var sim = await AlpacaSimulatorServer.StartAsync(new SimulatorConfig { FirehoseSymbols = Symbols });
        await using var client = await CountingClient.ConnectAsync(sim.StreamUrl("/v1beta3/crypto/us"), ct);
        await client.ReceiveUntilAsync("connected", ct);
        await client.SendAsync("""{"action":"auth","key":"bench","secret":"bench"}""", ct);
        await client.ReceiveUntilAsync("authenticated", ct);
        await client.SendAsync($$"""{"action":"subscribe","trades":["{{string.Join("\",\"", Symbols)}}"]}""", ct);
        await client.ReceiveUntilAsync("\"T\":\"subscription\"", ct);

        await client.CountForAsync(Warmup, ct);
        var frame = (await client.ReceiveAsync(ct)).ToArray(); // a steady-state firehose frame, for the baseline
        var (messages, seconds) = await client.CountForAsync(Measure, ct);
        var rate = messages / seconds;
        log.WriteLine($"  simulator: {messages:N0} messages in {seconds:F2} s = {rate:N0} msg/s ({MarkerCounter.Count(frame)} per frame)");
        return (rate, frame);
    }

    private static async Task<double> MeasureBareAsync(byte[] frame, TextWriter log, CancellationToken ct)
    {
        await using var server = await BareWebSocketServer.StartAsync(frame);
        await using var client = await CountingClient.ConnectAsync(server.Url, ct);
        await client.CountForAsync(Warmup, ct);
        var (messages, seconds) = await client.CountForAsync(Measure, ct);
        var rate = messages / seconds;
        log.WriteLine($"  bare Kestrel: {messages:N0} messages in {seconds:F2} s = {rate:N0} msg/s");
        return rate;
    }
}
