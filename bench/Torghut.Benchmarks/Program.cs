using System.Diagnostics;
using System.Text.Json;
using Torghut.Benchmarks;

// Usage: Torghut.Benchmarks <sim-throughput|decode|ingest-kafka|all> [--out docs/benchmarks.md] [--command "text"]
// Exit: 0 ran (targets may FAIL, see the report), 2 bad arguments.
const string ChildFlag = "--pinned-child";
var benchmark = args.Length > 0 ? args[0] : "";
if (benchmark is not ("sim-throughput" or "decode" or "ingest-kafka" or "all"))
{
    Console.Error.WriteLine("usage: Torghut.Benchmarks <sim-throughput|decode|ingest-kafka|all> [--out FILE] [--command TEXT]");
    return 2;
}
var output = Option("--out");
var command = Option("--command") ?? "Torghut.Benchmarks " + string.Join(' ', args);

if (args.Contains(ChildFlag))
{
    // The pinned re-exec of `decode`: results go to stdout as one JSON line for the parent.
    var childResults = DecodeBenchmark.Run(Console.Error);
    Console.WriteLine(JsonSerializer.Serialize(childResults));
    return 0;
}

var results = new List<BenchResult>();
var notes = new System.Text.StringBuilder();
if (benchmark is "sim-throughput" or "all")
{
    Console.WriteLine("== sim-throughput");
    results.Add(await SimThroughputBenchmark.RunAsync(Console.Out));
    notes.AppendLine("- sim-throughput: one `AlpacaSimulatorServer` in firehose mode for the listed symbols (trades), one");
    notes.AppendLine("  `ClientWebSocket` counting `\"T\":` markers per frame (no JSON parsing); 1 s warm-up, 6 s measured. The");
    notes.AppendLine("  baseline replays a frame captured from the simulator in the same run, so frame size and shape are identical.");
    notes.AppendLine("  Server and client share the machine's cores.");
}
if (benchmark is "decode" or "all")
{
    Console.WriteLine("== decode");
    var (decodeResults, pinned) = RunDecode();
    results.AddRange(decodeResults);
    notes.AppendLine("- decode: 4096 distinct frames (seeded), 6 trades : 3 quotes : 1 bar; each frame decoded by the crypto");
    notes.AppendLine("  plugin's `AlpacaFeedEndpoint` into the host's `FrameSink` + `EnvelopeWriter` (every message becomes an");
    notes.AppendLine("  envelope, checked before timing), vs `Utf8JsonReader` reading every token. 2 s warm-up (tiered JIT settles), 4 s measured, on");
    notes.AppendLine(pinned ? "  one dedicated thread in a process pinned with `taskset -c 0`." : "  one dedicated thread (taskset not available: not pinned).");
    notes.AppendLine("  The diagnostic `decode only` rows decode into a counting sink: the gap between them and the full path is");
    notes.AppendLine("  the host's envelope building (FrameSink + EnvelopeWriter), not the plugin's decoder.");
}
if (benchmark is "ingest-kafka" or "all")
{
    Console.WriteLine("== ingest-kafka");
    results.Add(await IngestKafkaBenchmark.RunAsync(Console.Out));
    notes.AppendLine("- ingest-kafka: tools/Torghut.KafkaMock (librdkafka mock cluster, 3 brokers) as a separate process, ingest topics with");
    notes.AppendLine("  3 partitions each; the simulator in firehose mode for the listed symbols; a real `FeedSession` (crypto plugin,");
    notes.AppendLine("  `EnvelopeWriter`, `KafkaRecordPublisher` with upstream's settings: acks=all, idempotent, lz4, linger 30 ms).");
    notes.AppendLine("  3 s warm-up, 8 s measured; the rate counts records Kafka acknowledged (publisher `Stats.Delivered`).");
    notes.AppendLine("  p50/p99 are produce → ack latencies from every 16th delivery report (record create time, 1 ms resolution).");
    notes.AppendLine("  The baseline is a raw Confluent.Kafka producer with the same settings and broker pushing one pre-built envelope");
    notes.AppendLine("  as fast as it can: Kafka's ceiling on this machine. Everything (broker, simulator, session) shares the 2 cores.");
}
Console.WriteLine();
Console.Write(MarkdownReport.Table(results));
if (output is not null)
{
    MarkdownReport.Write(output, command, results, notes.ToString());
    Console.WriteLine($"written to {output}");
}
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

// Decoding is single-core work: re-run it under `taskset -c 0` so the scheduler cannot move it or share its core
// with the JIT/GC threads of another run. Falls back to an unpinned in-process run without taskset.
(IReadOnlyList<BenchResult>, bool) RunDecode()
{
    var self = Environment.ProcessPath!;
    var entry = typeof(BenchResult).Assembly.Location;
    var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var a in new[] { "-c", "0", self }) start.ArgumentList.Add(a);
    if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(entry);
    start.ArgumentList.Add("decode");
    start.ArgumentList.Add(ChildFlag);
    try
    {
        using var child = Process.Start(start)!;
        var json = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"pinned decode run exited {child.ExitCode}");
        return (JsonSerializer.Deserialize<List<BenchResult>>(json.Trim().Split('\n')[^1])!, true);
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return (DecodeBenchmark.Run(Console.Out), false);
    }
}
