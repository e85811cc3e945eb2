using System.Diagnostics;

namespace Torghut.Host.Plugins;

/// <summary>
/// Private copies of plugin folders, one per load, so the operator's folder is never held open and a half-written
/// replacement never touches running code. The directory is this process's own (unpredictable name, mode 0700,
/// checked by <see cref="PrivateDirectory.Verify"/> before every load) so no other local user can swap a DLL between
/// copy and load. Why: docs/adr/0061-collectible-contexts-and-shadow-copies.md.
/// </summary>
internal sealed class PluginShadowCopies
{
    private const string Prefix = "torghut-plugins-";
    // Process-wide: every load gets a path never used before in this process. The runtime caches an assembly image
    // by path, so loading a new version from a reused path could hand back the old one.
    private static int _next;
    private readonly Lazy<string> _root;

    public PluginShadowCopies()
    {
        DeleteStale();
        // Created on first use: a host without plugins leaves nothing in the temp directory.
        _root = new Lazy<string>(() => Directory.CreateTempSubdirectory($"{Prefix}{Environment.ProcessId}-").FullName);
    }

    /// <summary>This process's private directory of copies.</summary>
    public string Root => _root.Value;

    /// <summary>Copies <paramref name="folder"/> (recursively) and returns the copy's path, verified private.</summary>
    public string Copy(string folder)
    {
        PrivateDirectory.Verify(Root);
        var target = Path.Combine(Root, $"{Path.GetFileName(folder)}.{Interlocked.Increment(ref _next)}");
        Directory.CreateDirectory(target);
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(folder, dir)));
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(folder, file)), overwrite: true);
        PrivateDirectory.Verify(Root); // again just before the load: nothing changed it while copying
        return target;
    }

    public static void TryDelete(string? copy)
    {
        if (copy is null) return;
        try { Directory.Delete(copy, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void DeleteStale()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            var name = Path.GetFileName(dir)[Prefix.Length..];
            if (!int.TryParse(name.Split('-')[0], out var pid) || pid == Environment.ProcessId) continue;
            try { using var _ = Process.GetProcessById(pid); }
            catch (ArgumentException) { TryDelete(dir); } // no such process; another user's directory is not ours to delete
        }
    }
}
