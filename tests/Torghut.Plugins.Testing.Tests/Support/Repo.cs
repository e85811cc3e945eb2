namespace Torghut.Plugins.Testing.Tests.Support;

/// <summary>Locates the repository from the test binaries.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Torghut.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Torghut.sln not found above " + AppContext.BaseDirectory);
    }
}
