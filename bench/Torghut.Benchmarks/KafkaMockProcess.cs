using System.Diagnostics;

namespace Torghut.Benchmarks;

/// <summary>
/// tools/Torghut.KafkaMock (librdkafka's mock cluster, 3 brokers) as a separate process, as the tests start it.
/// Ready once its bootstrap file appears; stopped by its PID (SIGTERM, then kill) on dispose.
/// </summary>
public sealed class KafkaMockProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private KafkaMockProcess(Process process, string dir, string bootstrap)
    {
        _process = process;
        _dir = dir;
        Bootstrap = bootstrap;
    }

    public string Bootstrap { get; }

    public static async Task<KafkaMockProcess> StartAsync(IEnumerable<string> topics, int partitions)
    {
        var dll = Path.Combine(RepoRoot(), "tools", "Torghut.KafkaMock", "bin", "Release", "net10.0", "Torghut.KafkaMock.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("build tools/Torghut.KafkaMock in Release first (scripts/bench.sh does)", dll);
        var dir = Directory.CreateTempSubdirectory("torghut-bench-kafka").FullName;
        var bootstrapFile = Path.Combine(dir, "bootstrap.txt");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--brokers", "3", "--bootstrap-file", bootstrapFile }) psi.ArgumentList.Add(a);
        foreach (var t in topics) { psi.ArgumentList.Add("--topic"); psi.ArgumentList.Add($"{t}:{partitions}"); }
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var mock = new KafkaMockProcess(process, dir, "");
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(bootstrapFile) || new FileInfo(bootstrapFile).Length == 0)
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                mock.Dispose();
                throw new InvalidOperationException("kafka mock did not start");
            }
            await Task.Delay(50);
        }
        return new KafkaMockProcess(process, dir, (await File.ReadAllTextAsync(bootstrapFile)).Trim());
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first so the tool destroys the cluster cleanly; kill by PID if it does not go.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) term.WaitForExit();
            if (!_process.WaitForExit(10_000)) _process.Kill();
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Torghut.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
