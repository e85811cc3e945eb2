using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Torghut.LocalServers;

/// <summary>
/// Debian's clickhouse-server 18.16 (installed with apt if missing) as a plain background process on loopback with
/// its own config, data dir and free ports; stopped by PID on dispose. User <c>default</c> has no password; more
/// users can be added (e.g. one with a password, to test credentials handling).
/// </summary>
public sealed class ClickHouseLocalServer : IAsyncDisposable
{
    private readonly string _root;
    private Process _process;

    private ClickHouseLocalServer(string root, Process process, Uri url, int tcpPort)
    {
        _root = root;
        _process = process;
        Url = url;
        TcpPort = tcpPort;
    }

    /// <summary>The running server's PID (changes on <see cref="StartAgainAsync"/>).</summary>
    public int Pid => _process.Id;

    public Uri Url { get; }

    /// <summary>The native protocol port, for clickhouse-client.</summary>
    public int TcpPort { get; }

    public static async Task<ClickHouseLocalServer> StartAsync(IReadOnlyList<(string User, string Password)>? users = null)
    {
        await EnsureInstalledAsync();
        var root = Directory.CreateTempSubdirectory("torghut-clickhouse").FullName;
        foreach (var sub in new[] { "data", "tmp", "user_files", "format_schemas", "log" }) Directory.CreateDirectory(Path.Combine(root, sub));
        var (httpPort, tcpPort, interserverPort) = (LocalMachine.FreePort(), LocalMachine.FreePort(), LocalMachine.FreePort());
        File.WriteAllText(Path.Combine(root, "users.xml"), UsersXml(users ?? []));
        File.WriteAllText(Path.Combine(root, "config.xml"), $"""
            <yandex>
              <logger><level>warning</level><log>{root}/log/server.log</log><errorlog>{root}/log/server.err.log</errorlog></logger>
              <http_port>{httpPort}</http_port><tcp_port>{tcpPort}</tcp_port><interserver_http_port>{interserverPort}</interserver_http_port>
              <listen_host>127.0.0.1</listen_host>
              <path>{root}/data/</path><tmp_path>{root}/tmp/</tmp_path><user_files_path>{root}/user_files/</user_files_path>
              <format_schema_path>{root}/format_schemas/</format_schema_path><users_config>{root}/users.xml</users_config>
              <default_profile>default</default_profile><default_database>default</default_database><timezone>UTC</timezone>
              <mark_cache_size>268435456</mark_cache_size>
            </yandex>
            """);
        var server = new ClickHouseLocalServer(root, Launch(root), new Uri($"http://127.0.0.1:{httpPort}/"), tcpPort);
        await server.WaitUntilAnsweringAsync();
        return server;
    }

    /// <summary>
    /// Kills the server by PID (an outage: a crash or a pod restart), keeping its data directory and ports, so
    /// <see cref="StartAgainAsync"/> brings the same server back with the rows it had acknowledged.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(); // by PID, this process only
        await _process.WaitForExitAsync();
    }

    /// <summary>Starts the stopped server again on the same config, data and ports; returns once it answers /ping.</summary>
    public async Task StartAgainAsync()
    {
        if (!_process.HasExited) throw new InvalidOperationException("clickhouse-server is still running");
        _process.Dispose();
        _process = Launch(_root);
        await WaitUntilAnsweringAsync();
    }

    private static Process Launch(string root)
    {
        var process = Process.Start(new ProcessStartInfo(ServerBinary, $"--config-file={root}/config.xml")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root,
        })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                var log = ReadErrorLog(_root);
                var code = _process.ExitCode;
                await DisposeAsync();
                throw new InvalidOperationException($"clickhouse-server exited ({code}): {log}");
            }
            try
            {
                if ((await http.GetStringAsync(new Uri(Url, "ping"))).StartsWith("Ok", StringComparison.Ordinal)) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await DisposeAsync();
                throw new TimeoutException("clickhouse-server did not answer /ping within 60 s");
            }
            await Task.Delay(100);
        }
    }

    private static string ServerBinary => File.Exists("/usr/bin/clickhouse-server") ? "/usr/bin/clickhouse-server" : "/usr/sbin/clickhouse-server";

    private static string UsersXml(IReadOnlyList<(string User, string Password)> users)
    {
        const string user = "<networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota>";
        var extra = string.Concat(users.Select(u =>
            $"<{u.User}><password>{SecurityElement(u.Password)}</password>{user}</{u.User}>"));
        return $"""
            <yandex>
              <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
              <users><default><password></password>{user}</default>{extra}</users>
              <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
            </yandex>
            """;
    }

    private static string SecurityElement(string text) => System.Security.SecurityElement.Escape(text);

    private static string ReadErrorLog(string root)
    {
        var path = Path.Combine(root, "log", "server.err.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    /// <summary>apt install; `apt-get update` only when the first attempt fails (stale or empty package lists).</summary>
    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists("/usr/bin/clickhouse-server") || File.Exists("/usr/sbin/clickhouse-server")) return;
        await LocalMachine.AptInstallAsync("clickhouse-server", "clickhouse-client");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(); // by PID, this process only
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
