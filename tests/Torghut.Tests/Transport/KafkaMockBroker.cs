using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Torghut.Tests.Support;

namespace Torghut.Tests.Transport;

/// <summary>
/// tools/Torghut.KafkaMock (librdkafka's mock cluster, 3 brokers) as a SEPARATE process, so the clients under test
/// talk real Kafka protocol over loopback. Ready once its bootstrap file appears; stopped by PID (SIGTERM, then kill).
/// </summary>
public sealed class KafkaMockBroker : IAsyncLifetime
{
    /// <summary>Topics created at start, name → partitions. Tests use their own topics so they cannot see each other's data.</summary>
    public static readonly IReadOnlyDictionary<string, int> Topics = new Dictionary<string, int>
    {
        ["test.roundtrip.v1"] = 3,
        ["test.roundtrip7.v1"] = 7,
        ["test.commit.v1"] = 3,
        ["test.probe.v1"] = 3,
        ["test.subscriber.v1"] = 3,
        // The ingest contract's topics (3 partitions each, as upstream's KafkaTopic CRs).
        ["torghut.trades.v1"] = 3,
        ["torghut.quotes.v1"] = 3,
        ["torghut.bars.1m.v1"] = 3,
        ["torghut.status.v1"] = 3,
        ["test.backfill.bars.v1"] = 3,
        ["torghut.ta.bars.1s.v1"] = 1,
        ["torghut.ta.signals.v1"] = 1,
        ["torghut.ta.status.v1"] = 1,
    };

    private readonly TempDir _dir = new("kafka-mock");
    private readonly StringBuilder _output = new();
    private Process? _process;

    public string Bootstrap { get; private set; } = "";

    public string Output { get { lock (_output) return _output.ToString(); } }

    public static string ToolDll => Path.Combine(RepoPaths.Root, "tools", "Torghut.KafkaMock", "bin", RepoPaths.Configuration, "net10.0", "Torghut.KafkaMock.dll");

    public async Task InitializeAsync()
    {
        File.Exists(ToolDll).ShouldBeTrue($"{ToolDll} not built");
        var bootstrapFile = Path.Combine(_dir.Path, "bootstrap.txt");
        var args = new StringBuilder($"\"{ToolDll}\" --brokers 3 --bootstrap-file \"{bootstrapFile}\"");
        foreach (var (topic, partitions) in Topics) args.Append($" --topic {topic}:{partitions}");
        var psi = new ProcessStartInfo("dotnet", args.ToString())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await Eventually.HoldsAsync(() =>
        {
            if (_process.HasExited) throw new InvalidOperationException($"kafka mock exited early ({_process.ExitCode}):\n{Output}");
            return File.Exists(bootstrapFile);
        }, "kafka mock bootstrap file", TimeSpan.FromSeconds(60));
        Bootstrap = (await File.ReadAllTextAsync(bootstrapFile)).Trim();
        Bootstrap.ShouldNotBeEmpty();
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // SIGTERM first so the tool destroys the cluster cleanly; kill if it does not go.
            _ = SysKill(_process.Id, 15);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process?.Dispose();
        _dir.Dispose();
    }

    /// <summary>Sends a control line ("down all", "up all", "down 2") and waits for the tool's "ok".</summary>
    public async Task ControlAsync(string command)
    {
        var oks = Output.Split('\n').Count(l => l.Trim() == "ok");
        await _process!.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        await Eventually.HoldsAsync(() => Output.Split('\n').Count(l => l.Trim() == "ok") > oks || Output.Contains("error: "),
            $"kafka mock acknowledged '{command}'");
        Output.ShouldNotContain("error: ");
    }

    /// <summary>A loopback port nothing listens on: a bootstrap address that refuses connections.</summary>
    public static string DeadBootstrap()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"127.0.0.1:{port}";
    }

#pragma warning disable SYSLIB1054 // DllImport keeps the test project free of unsafe code; int arguments need no marshalling.
    [DllImport("libc", EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);
#pragma warning restore SYSLIB1054
}

[CollectionDefinition(Name)]
public sealed class KafkaMockCollection : ICollectionFixture<KafkaMockBroker>
{
    public const string Name = "kafka-mock";
}
