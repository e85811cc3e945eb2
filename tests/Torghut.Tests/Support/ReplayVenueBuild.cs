namespace Torghut.Tests.Support;

/// <summary>
/// samples/Replay.Venue built the way its author builds it: Torghut.Abstractions packed into a local NuGet folder,
/// the sample restored from it (own package cache, so the fresh pack is the one used) and built into
/// plugins/Replay.Venue/. Nothing is written into the repository. Built once per test run.
/// </summary>
public sealed class ReplayVenueBuild : IAsyncLifetime
{
    public const string Name = "Replay.Venue";
    private readonly TempDir _root = new("torghut-replay");

    public string PluginsDir => Path.Combine(_root.Path, "plugins");

    public async Task InitializeAsync()
    {
        var feed = Path.Combine(_root.Path, "feed");
        var artifacts = Path.Combine(_root.Path, "artifacts");
        await Run($"pack \"{Path.Combine(RepoPaths.Root, "src", "Torghut.Abstractions")}\" -c Release -o \"{feed}\" --artifacts-path \"{artifacts}\" -nologo -v q");
        var machineCache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var config = Path.Combine(_root.Path, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="torghut-local" value="{feed}" />
                {(Directory.Exists(machineCache) ? $"<add key=\"machine-cache\" value=\"{machineCache}\" />" : "")}
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        await Run($"build \"{Path.Combine(RepoPaths.Root, "samples", Name, Name)}\" -c Release -o \"{Path.Combine(PluginsDir, Name)}\" " +
                  $"--artifacts-path \"{artifacts}\" -p:RestoreConfigFile=\"{config}\" -p:RestorePackagesPath=\"{Path.Combine(_root.Path, "packages")}\" -nologo -v q");
    }

    public Task DisposeAsync()
    {
        _root.Dispose();
        return Task.CompletedTask;
    }

    private async Task Run(string arguments)
    {
        var result = await ProcessRunner.RunAsync("dotnet", arguments, _root.Path, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet {arguments} failed:\n{result.Output}");
    }
}
