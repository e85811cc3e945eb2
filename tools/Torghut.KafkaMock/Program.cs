using System.Runtime.InteropServices;
using Torghut.KafkaMock;

// Usage: Torghut.KafkaMock [--brokers 3] --bootstrap-file PATH [--topic NAME:PARTITIONS[:RF]]... [--rebalance-delay-ms 0]
//        [--consumer-session-timeout-ms N --consumer-heartbeat-ms N]
// Writes the bootstrap string to PATH (temp file + rename, so readers never see half of it) once the cluster is up,
// then runs until SIGTERM/SIGINT, when it destroys the cluster and deletes the file.
var brokers = 3;
string? bootstrapFile = null;
var rebalanceDelayMs = 0;
int? consumerSessionTimeoutMs = null, consumerHeartbeatMs = null;
var topics = new List<(string Name, int Partitions, int Replication)>();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
        switch (args[i])
        {
            case "--brokers": brokers = int.Parse(Next()); break;
            case "--bootstrap-file": bootstrapFile = Next(); break;
            case "--rebalance-delay-ms": rebalanceDelayMs = int.Parse(Next()); break;
            case "--consumer-session-timeout-ms": consumerSessionTimeoutMs = int.Parse(Next()); break;
            case "--consumer-heartbeat-ms": consumerHeartbeatMs = int.Parse(Next()); break;
            case "--topic":
                var parts = Next().Split(':');
                topics.Add((parts[0], parts.Length > 1 ? int.Parse(parts[1]) : 1, parts.Length > 2 ? int.Parse(parts[2]) : 0));
                break;
            case "-h" or "--help":
                Console.WriteLine("Torghut.KafkaMock [--brokers 3] --bootstrap-file PATH [--topic NAME:PARTITIONS[:RF]]... [--rebalance-delay-ms 0] " +
                                  "[--consumer-session-timeout-ms N --consumer-heartbeat-ms N]");
                return 0;
            default: throw new ArgumentException($"unknown argument {args[i]}");
        }
    }
    if (brokers < 1) throw new ArgumentException("--brokers must be at least 1");
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"kafka-mock: {e.Message}");
    return 2;
}

using var mock = new RdKafkaMock(brokers);
foreach (var (name, partitions, rf) in topics)
    mock.CreateTopic(name, partitions, rf > 0 ? rf : Math.Min(3, brokers));
// Classic-protocol groups otherwise wait ~3 s before the first assignment.
mock.SetGroupInitialRebalanceDelay(rebalanceDelayMs);
if (consumerSessionTimeoutMs is not null || consumerHeartbeatMs is not null)
    mock.SetConsumerGroupTimings(consumerSessionTimeoutMs ?? 45_000, consumerHeartbeatMs ?? 3_000);

var bootstraps = mock.Bootstraps;
if (bootstrapFile is not null)
{
    var full = Path.GetFullPath(bootstrapFile);
    Directory.CreateDirectory(Path.GetDirectoryName(full)!);
    var temp = full + ".tmp-" + Environment.ProcessId;
    File.WriteAllText(temp, bootstraps);
    File.Move(temp, full, overwrite: true);
}
Console.WriteLine($"kafka-mock: {brokers} brokers at {bootstraps} (pid {Environment.ProcessId}); topics: " +
                  (topics.Count == 0 ? "(auto-created on first use)" : string.Join(", ", topics.Select(t => $"{t.Name}:{t.Partitions}"))));

var stop = new TaskCompletionSource();
// Control lines on stdin let a test stage an outage: "down all", "up all", "down 2", "up 2". Answers "ok" or "error: …".
_ = Task.Run(() =>
{
    while (Console.In.ReadLine() is { } line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            if (parts.Length != 2 || parts[0] is not ("down" or "up")) throw new ArgumentException("expected 'down|up all|<broker id>'");
            mock.SetBrokers(parts[0] == "up", parts[1] == "all" ? null : int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine("ok");
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            Console.WriteLine($"error: {e.Message}");
        }
    }
});
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;

if (bootstrapFile is not null) File.Delete(bootstrapFile);
Console.WriteLine("kafka-mock: stopped");
return 0;
