namespace Torghut.Benchmarks;

/// <summary>The repository and the Release outputs benchmarks run (scripts/bench.sh builds them).</summary>
public static class BenchPaths
{
    public static string Root { get; } = FindRoot();

    public static string KafkaMockDll => Path.Combine(Root, "tools", "Torghut.KafkaMock", "bin", "Release", "net10.0", "Torghut.KafkaMock.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Torghut.sln"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
