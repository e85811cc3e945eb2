namespace Torghut.Tests.Support;

/// <summary>Locates the repository and the build outputs the tests run against.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, whichever this test assembly was built as.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string HostOutput => Path.Combine(Root, "src", "Torghut.Host", "bin", Configuration, "net10.0");
    public static string HostDll => Path.Combine(HostOutput, "torghut.dll");
    public static string HostPlugins => Path.Combine(HostOutput, "plugins");
    public static string AbstractionsDll => Path.Combine(AppContext.BaseDirectory, "Torghut.Abstractions.dll");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Torghut.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Torghut.sln not found above " + AppContext.BaseDirectory);
    }
}
