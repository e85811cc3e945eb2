namespace Torghut.Plugins.Testing.Tests.Support;

/// <summary>
/// Packs Torghut.Abstractions and Torghut.Plugins.Testing into a temporary local NuGet source, once per run. Built
/// under its own artifacts path so it never races the solution build's bin/obj folders.
/// </summary>
public sealed class LocalSdkFeed : IAsyncLifetime
{
    public string Root { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "torghut-sdk-" + Guid.NewGuid().ToString("N")[..8]);
    public string Feed => System.IO.Path.Combine(Root, "feed");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var artifacts = System.IO.Path.Combine(Root, "artifacts");
        foreach (var project in new[] { "src/Torghut.Abstractions", "src/Torghut.Plugins.Testing" })
            await Dotnet.Run($"pack {project} -c Release -o \"{Feed}\" --artifacts-path \"{artifacts}\" -nologo", Repo.Root);
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class LocalSdkFeedCollection : ICollectionFixture<LocalSdkFeed>
{
    public const string Name = "local SDK feed";
}
