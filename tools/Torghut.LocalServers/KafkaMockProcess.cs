using System.Diagnostics;
using System.Text;

namespace Torghut.LocalServers;

/// <summary>
/// tools/Torghut.KafkaMock (librdkafka's mock cluster) as a separate process, so clients talk real Kafka protocol over
/// loopback. Ready once its bootstrap file appears; brokers can be taken down/up through its stdin; stopped by PID
/// (SIGTERM so the cluster is destroyed cleanly, then kill) on dispose.
/// </summary>
public sealed class KafkaMockProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly StringBuilder _output = new();

    private KafkaMockProcess(Process process, string dir)
    {
        _process = process;
        _dir = dir;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Bootstrap { get; private set; } = "";

    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="toolDll">The built Torghut.KafkaMock.dll.</param>
    /// <param name="topics">Topics to create up front, with their partition counts.</param>
    /// <param name="brokers">Brokers in the cluster.</param>
    /// <param name="extraArguments">More tool arguments, e.g. <c>--consumer-session-timeout-ms 4000</c>.</param>
    public static async Task<KafkaMockProcess> StartAsync(string toolDll, IEnumerable<(string Topic, int Partitions)> topics, int brokers = 3,
        IEnumerable<string>? extraArguments = null)
    {
        if (!File.Exists(toolDll)) throw new FileNotFoundException($"{toolDll} not built", toolDll);
        var dir = Directory.CreateTempSubdirectory("torghut-kafka-mock").FullName;
        var bootstrapFile = Path.Combine(dir, "bootstrap.txt");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in new[] { toolDll, "--brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bootstrap-file", bootstrapFile })
            psi.ArgumentList.Add(a);
        foreach (var (topic, partitions) in topics)
        {
            psi.ArgumentList.Add("--topic");
            psi.ArgumentList.Add($"{topic}:{partitions}");
        }
        foreach (var a in extraArguments ?? []) psi.ArgumentList.Add(a);
        var mock = new KafkaMockProcess(Process.Start(psi)!, dir);
        var deadline = Stopwatch.StartNew();
        // The tool writes the file by rename, so a file that exists is complete.
        while (!File.Exists(bootstrapFile))
        {
            if (mock._process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                var why = mock._process.HasExited ? $"exited ({mock._process.ExitCode})" : "did not start within 60 s";
                var output = mock.Output;
                await mock.DisposeAsync();
                throw new InvalidOperationException($"kafka mock {why}:\n{output}");
            }
            await Task.Delay(50);
        }
        mock.Bootstrap = (await File.ReadAllTextAsync(bootstrapFile)).Trim();
        return mock;
    }

    /// <summary>Sends a control line ("down all", "up all", "down 2") and waits for the tool's "ok".</summary>
    public async Task ControlAsync(string command)
    {
        var oks = Oks();
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        var deadline = Stopwatch.StartNew();
        while (Oks() <= oks)
        {
            if (Output.Contains("error: ")) throw new InvalidOperationException($"kafka mock refused '{command}':\n{Output}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException($"kafka mock did not acknowledge '{command}'");
            await Task.Delay(50);
        }
    }

    private int Oks() => Output.Split('\n').Count(l => l.Trim() == "ok");

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
