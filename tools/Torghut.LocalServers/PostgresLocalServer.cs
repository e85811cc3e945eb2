using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Torghut.LocalServers;

/// <summary>
/// Debian's PostgreSQL (installed with apt if missing) as a plain background process: <c>initdb</c> into a temp dir,
/// <c>postgres</c> on a free loopback port (TCP only, no Unix socket), one superuser with a password (scram-sha-256,
/// so a wrong password is refused), fsync off. PostgreSQL refuses to run as root, so under root both run as the
/// <c>postgres</c> user the Debian package creates (else <c>nobody</c>) and the temp dir is handed to that user.
/// Stopped by PID on dispose (SIGINT = fast shutdown, then kill).
/// </summary>
public sealed class PostgresLocalServer : IAsyncDisposable
{
    private readonly string _root;
    private readonly Process _process;
    private readonly StringBuilder _log;

    private PostgresLocalServer(string root, Process process, StringBuilder log, int port, string user, string password)
    {
        _root = root;
        _process = process;
        _log = log;
        Port = port;
        User = user;
        Password = password;
    }

    public int Port { get; }
    public string User { get; }
    public string Password { get; }
    public int Pid => _process.Id;

    /// <summary>Npgsql keyword connection string for a database of this server.</summary>
    public string ConnectionString(string database = "postgres", string? password = null) =>
        $"Host=127.0.0.1;Port={Port};Username={User};Password={password ?? Password};Database={database};Pooling=false";

    /// <summary>The same as a URL (postgres://user:password@127.0.0.1:port/database), the form DATABASE_URL usually has.</summary>
    public string Url(string database = "postgres", string? password = null) =>
        $"postgres://{Uri.EscapeDataString(User)}:{Uri.EscapeDataString(password ?? Password)}@127.0.0.1:{Port}/{Uri.EscapeDataString(database)}";

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<PostgresLocalServer> StartAsync(string user = "torghut", string password = "Pg-s3cret-pw!")
    {
        var bin = await EnsureInstalledAsync();
        var runAs = Environment.IsPrivilegedProcess ? ServiceUser() : null;
        // The service user must reach the data dir: under root, a TMPDIR inside /root would not be traversable.
        var root = Path.Combine(runAs is null ? Path.GetTempPath() : "/tmp", "torghut-postgres-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        await RunAsync("chmod", ["700", root]); // holds the password file until initdb has read it
        var passwordFile = Path.Combine(root, "pwfile");
        await File.WriteAllTextAsync(passwordFile, password + "\n");
        if (runAs is not null) await RunAsync("chown", ["-R", runAs, root]);

        var data = Path.Combine(root, "data");
        var init = await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", user, "--pwfile", passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], runAs, root);
        File.Delete(passwordFile);
        if (init.ExitCode != 0)
        {
            TryDelete(root);
            throw new InvalidOperationException($"initdb failed ({init.ExitCode}): {init.Output}");
        }

        var port = LocalMachine.FreePort();
        var psi = new ProcessStartInfo(Path.Combine(bin, "postgres"))
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = root,
        };
        foreach (var a in new[]
                 {
                     "-D", data, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1",
                     "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                     "-c", "shared_buffers=16MB", "-c", "max_connections=50",
                 })
            psi.ArgumentList.Add(a);
        if (runAs is not null) psi.UserName = runAs; // setuid in the child: the PID we hold is postgres itself
        var log = new StringBuilder();
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PostgresLocalServer(root, process, log, port, user, password);

        var deadline = Stopwatch.StartNew();
        while (!server.Log.Contains("database system is ready to accept connections", StringComparison.Ordinal))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                var why = process.HasExited ? $"exited ({process.ExitCode})" : "was not ready within 60 s";
                var output = server.Log;
                await server.DisposeAsync();
                throw new InvalidOperationException($"postgres {why}:\n{output}");
            }
            await Task.Delay(50);
        }
        return server;
    }

    /// <summary>Newest /usr/lib/postgresql/N/bin; apt install (update only if the first attempt fails) when absent.</summary>
    private static async Task<string> EnsureInstalledAsync()
    {
        if (FindBin() is { } found) return found;
        await LocalMachine.AptInstallAsync("postgresql");
        return FindBin() ?? throw new InvalidOperationException("postgresql installed but no /usr/lib/postgresql/*/bin/initdb found");
    }

    private static string? FindBin()
    {
        const string parent = "/usr/lib/postgresql";
        if (!Directory.Exists(parent)) return null;
        return Directory.GetDirectories(parent)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(x => File.Exists(Path.Combine(x.Dir, "initdb")) && File.Exists(Path.Combine(x.Dir, "postgres")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    /// <summary>The account PostgreSQL runs under when we are root: Debian's <c>postgres</c>, else <c>nobody</c>.</summary>
    private static string ServiceUser()
    {
        var passwd = File.Exists("/etc/passwd") ? File.ReadAllLines("/etc/passwd") : [];
        return passwd.Any(l => l.StartsWith("postgres:", StringComparison.Ordinal)) ? "postgres" : "nobody";
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IEnumerable<string> args, string? runAs = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (runAs is not null) psi.UserName = runAs;
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, await stdout + await stderr);
    }

    private static void TryDelete(string dir)
    {
        try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGINT is PostgreSQL's fast shutdown: backends end, the postmaster exits. By PID, this server only.
            using (var signal = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await signal.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
        }
        _process.Dispose();
        TryDelete(_root);
    }
}
