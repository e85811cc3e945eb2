using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Torghut.Benchmarks;

/// <summary>
/// One `torghut run --role X` process of the Release build, as the soak starts it: its own port, data directory and
/// log file; stopped with SIGTERM (the time that takes is part of the soak's report), killed only if it hangs.
/// </summary>
public sealed class SoakHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private SoakHost(Process process, string baseUrl, string logPath, StreamWriter log)
    {
        _process = process;
        BaseUrl = baseUrl;
        LogPath = logPath;
        _log = log;
    }

    public string BaseUrl { get; }
    public string LogPath { get; }
    public int Pid => _process.Id;
    public bool Exited => _process.HasExited;

    public static string HostDll => Path.Combine(BenchPaths.Root, "src", "Torghut.Host", "bin", "Release", "net10.0", "torghut.dll");

    public static async Task<SoakHost> StartAsync(string role, IReadOnlyDictionary<string, string> environment, string workDir)
    {
        if (!File.Exists(HostDll)) throw new FileNotFoundException("build the host in Release first (scripts/bench.sh soak does)", HostDll);
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet", $"\"{HostDll}\" run --role {role} --url {url}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["TORGHUT_DATA_DIR"] = Path.Combine(workDir, $"data-{role}");
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var logPath = Path.Combine(workDir, $"{role}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new SoakHost(process, url, logPath, log);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"{role} host exited early ({process.ExitCode}); see {logPath}");
            try
            {
                if ((await http.GetAsync($"{url}/healthz")).IsSuccessStatusCode) return host;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{role} host did not answer /healthz within 60 s; see {logPath}");
            await Task.Delay(200);
        }
    }

    /// <summary>Resident set size from /proc (bytes), 0 once the process is gone.</summary>
    public long Rss()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        catch (IOException) { return 0; }
    }

    /// <summary>SIGTERM, then the wall time to exit and the exit code (killed after 60 s: code -1).</summary>
    public async Task<(TimeSpan Elapsed, int ExitCode)> StopAsync()
    {
        if (_process.HasExited) return (TimeSpan.Zero, _process.ExitCode);
        var clock = Stopwatch.StartNew();
        Process.Start("kill", $"-TERM {_process.Id}")!.WaitForExit();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return (clock.Elapsed, -1);
        }
        return (clock.Elapsed, _process.ExitCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await StopAsync();
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
