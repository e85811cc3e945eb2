using System.Diagnostics;
using System.Net.Sockets;
using Torghut.Host.Storage.ClickHouse;
using Torghut.Tests.Support;

namespace Torghut.Tests.Storage;

/// <summary>
/// A real ClickHouse 18.16 server (Debian's clickhouse-server), installed with apt if missing, started as a plain
/// background process on loopback with its own config, data dir and free ports, and stopped by PID on dispose.
/// Users: <c>default</c> (no password) and <c>torghut</c> with <see cref="Password"/>.
/// </summary>
public sealed class ClickHouseServerFixture : IAsyncLifetime
{
    public const string User = "torghut";
    public const string Password = "Sup3r-s3cret-pw!";

    private readonly TempDir _dir = new("torghut-clickhouse");
    private Process? _process;

    public Uri Url { get; private set; } = null!;
    public TimeSpan InstallTime { get; private set; }
    public TimeSpan StartTime { get; private set; }

    /// <summary>Options for a fresh database of its own, so tests sharing the server never see each other's rows.</summary>
    public ClickHouseOptions Options(int batchSize = 500) => new()
    {
        Url = Url, User = User, Password = Password, Database = "t_" + Guid.NewGuid().ToString("N")[..12],
        BatchSize = batchSize, InitAttempts = 10, InitRetryDelay = TimeSpan.FromMilliseconds(200),
    };

    public async Task InitializeAsync()
    {
        var install = Stopwatch.StartNew();
        await EnsureInstalledAsync();
        InstallTime = install.Elapsed;

        var started = Stopwatch.StartNew();
        var root = _dir.Path;
        foreach (var sub in new[] { "data", "tmp", "user_files", "format_schemas", "log" }) Directory.CreateDirectory(Path.Combine(root, sub));
        var httpPort = HostProcess.FreePort();
        var tcpPort = HostProcess.FreePort();
        var interserverPort = HostProcess.FreePort();
        File.WriteAllText(Path.Combine(root, "users.xml"), UsersXml);
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
        var psi = new ProcessStartInfo(ServerBinary, $"--config-file={root}/config.xml")
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root,
        };
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Url = new Uri($"http://127.0.0.1:{httpPort}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.HoldsAsync(async () =>
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"clickhouse-server exited ({_process.ExitCode}): {ReadLog(root)}");
            try { return (await http.GetStringAsync(new Uri(Url, "ping"))).StartsWith("Ok", StringComparison.Ordinal); }
            catch (HttpRequestException) { return false; }
            catch (TaskCanceledException) { return false; }
        }, "clickhouse-server answering /ping", TimeSpan.FromSeconds(60));
        StartTime = started.Elapsed;
    }

    private static string ReadLog(string root)
    {
        var path = Path.Combine(root, "log", "server.err.log");
        return File.Exists(path) ? File.ReadAllText(path) : "(no log)";
    }

    private static string ServerBinary => File.Exists("/usr/bin/clickhouse-server") ? "/usr/bin/clickhouse-server" : "/usr/sbin/clickhouse-server";

    /// <summary>apt install; `apt-get update` only when the first attempt fails (stale or empty package lists).</summary>
    private static async Task EnsureInstalledAsync()
    {
        if (File.Exists("/usr/bin/clickhouse-server") || File.Exists("/usr/sbin/clickhouse-server")) return;
        var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        const string install = "install -y -qq clickhouse-server clickhouse-client";
        var (code, output) = await ProcessRunner.RunAsync("apt-get", install, timeout: TimeSpan.FromMinutes(5), environment: env);
        if (code != 0)
        {
            await ProcessRunner.RunAsync("apt-get", "update -qq", timeout: TimeSpan.FromMinutes(5), environment: env);
            (code, output) = await ProcessRunner.RunAsync("apt-get", install, timeout: TimeSpan.FromMinutes(5), environment: env);
        }
        if (code != 0) throw new InvalidOperationException($"could not install clickhouse-server with apt:\n{output}");
    }

    private const string UsersXml = """
        <yandex>
          <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
          <users>
            <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></default>
            <torghut><password>Sup3r-s3cret-pw!</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></torghut>
          </users>
          <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors><result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
        </yandex>
        """;

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(); // by PID, this process only
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        _dir.Dispose();
    }

    /// <summary>A loopback port nothing listens on (bound, then released).</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

[CollectionDefinition(Name)]
public sealed class ClickHouseCollection : ICollectionFixture<ClickHouseServerFixture>
{
    public const string Name = "clickhouse-18.16";
}
