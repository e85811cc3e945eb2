using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Torghut.Tests.Support;

/// <summary>The real `torghut` binary started as a separate process; stopped by PID on dispose.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (_output) _output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<HostProcess> StartAsync(string arguments, IReadOnlyDictionary<string, string> environment, int? fixedPort = null)
    {
        // A free port is free only when asked: another process of the suite may take it before the host binds it.
        for (var attempt = 1; ; attempt++)
        {
            try { return await StartOnceAsync(arguments, environment, fixedPort); }
            catch (InvalidOperationException e) when (fixedPort is null && attempt < 3 && e.Message.Contains("address already in use")) { }
        }
    }

    private static async Task<HostProcess> StartOnceAsync(string arguments, IReadOnlyDictionary<string, string> environment, int? fixedPort)
    {
        var host = Launch(arguments, environment, fixedPort);
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () =>
        {
            if (host._process.HasExited) throw new InvalidOperationException($"host exited early:\n{host.Output}");
            try { return (await http.GetAsync($"{host.BaseUrl}/healthz")).IsSuccessStatusCode; }
            catch (HttpRequestException) { return false; }
        }, "host answering /healthz", TimeSpan.FromSeconds(30));
        return host;
    }

    /// <summary>Starts the process without waiting for it to answer (for a host expected to exit by itself).</summary>
    public static HostProcess Launch(string arguments, IReadOnlyDictionary<string, string> environment, int? fixedPort = null)
    {
        var port = fixedPort ?? FreePort();
        var url = $"http://127.0.0.1:{port}";
        var psi = new ProcessStartInfo("dotnet", $"\"{RepoPaths.HostDll}\" {arguments} --url {url}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // Each host gets its own data directory unless the test chose one: two hosts must not share a DuckDB file.
        var dataDir = Path.Combine(Path.GetTempPath(), "torghut-host-data-" + Guid.NewGuid().ToString("N"));
        psi.Environment["TORGHUT_DATA_DIR"] = dataDir;
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        return new HostProcess(Process.Start(psi)!, url);
    }

    /// <summary>Sends SIGTERM (graceful), then kills if it does not exit.</summary>
    public async Task<int> StopAsync()
    {
        if (_process.HasExited) return _process.ExitCode;
        Process.Start("kill", $"-TERM {_process.Id}")!.WaitForExit();
        // The host exits within TORGHUT_SHUTDOWN_TIMEOUT_MS (15 s by default); only a real hang should fail a test.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to exit on its own; null if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeWithinAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { return null; }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no shutdown hook runs, nothing is flushed or committed, the consumer never leaves its group.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await StopAsync();
        _process.Dispose();
    }
}
