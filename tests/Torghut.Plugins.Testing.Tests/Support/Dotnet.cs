using System.Diagnostics;

namespace Torghut.Plugins.Testing.Tests.Support;

/// <summary>Runs the dotnet CLI as an author would, failing the test with the full output when a command fails.</summary>
internal static class Dotnet
{
    public static async Task<string> Run(string arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo("dotnet", arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory,
        };
        // No first-run banner or telemetry noise in the captured output.
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null) foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {arguments} did not finish in time");
        }
        var output = await stdout + await stderr;
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet {arguments} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
