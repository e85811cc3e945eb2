using System.Diagnostics;
using System.Text.Json;

namespace Alpaca.Simulator.Tests.OfficialClient;

/// <summary>
/// Installs Alpaca's official JS client with npm into a per-version cache under the repo's <c>artifacts/</c> (reused
/// by later runs) and runs node scripts against it. Missing node/npm is a failure, never a skip: the issue requires
/// this check, and <c>scripts/test.sh</c> installs them.
/// </summary>
internal static class NodeClientRunner
{
    public const string Package = "@alpacahq/alpaca-trade-api";
    public const string Version = "4.0.2";
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The folder whose node_modules holds the client, installing it first if needed.</summary>
    public static async Task<string> EnsureInstalledAsync()
    {
        var dir = Path.Combine(RepoRoot(), "artifacts", "alpaca-js-client", Version);
        var installed = Path.Combine(dir, "node_modules", "@alpacahq", "alpaca-trade-api", "package.json");
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(installed) && File.ReadAllText(installed).Contains($"\"version\": \"{Version}\"", StringComparison.Ordinal))
                return dir;
            Directory.CreateDirectory(dir);
            // Its own package.json, so npm installs here and not into whatever package.json is found further up.
            await File.WriteAllTextAsync(Path.Combine(dir, "package.json"), """{"name":"alpaca-js-client-check","private":true}""");
            var (code, output) = await RunAsync(Tool("npm"), dir, TimeSpan.FromMinutes(4),
                "install", "--no-audit", "--no-fund", "--no-save", $"{Package}@{Version}");
            if (code != 0 || !File.Exists(installed))
                throw new InvalidOperationException($"npm install {Package}@{Version} failed (exit {code}):\n{output}");
            return dir;
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>Runs a node script (copied next to the test assembly) from <paramref name="workDir"/> and parses its last stdout line.</summary>
    public static async Task<JsonElement> RunScriptAsync(string workDir, string script, TimeSpan timeout, params string[] args)
    {
        var scriptPath = Path.Combine(workDir, script);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "OfficialClient", script), scriptPath, overwrite: true);
        var (code, output) = await RunAsync(Tool("node"), workDir, timeout, [scriptPath, .. args]);
        code.ShouldBe(0, $"node {script} failed:\n{output}");
        var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"node {script} printed no JSON summary:\n{output}");
        return JsonDocument.Parse(last).RootElement.Clone();
    }

    private static string Tool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
            if (dir.Length > 0 && File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        throw new InvalidOperationException(
            $"'{name}' was not found on PATH. Alpaca's official JS client test needs Node.js and npm: run scripts/test.sh " +
            "(it installs them with apt) or `apt-get install -y nodejs npm`.");
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string workDir, TimeSpan timeout, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // only the process this runner started
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', args)} did not finish within {timeout}:\n{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Torghut.sln"))) return dir.FullName;
        return Path.Combine(Path.GetTempPath(), "torghut"); // outside a checkout: a temp cache still works
    }
}
