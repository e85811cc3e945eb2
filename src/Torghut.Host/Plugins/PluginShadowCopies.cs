using System.Diagnostics;

namespace Torghut.Host.Plugins;

/// <summary>
/// Private copies of plugin folders, one per load, under the temp directory (torghut-plugins/&lt;pid&gt;/). The host
/// loads the copy, so the operator's folder is never held open: it can be deleted, overwritten or renamed while its
/// plugin runs (Windows would otherwise lock the dlls), and a half-written replacement never touches running code.
/// A copy is deleted when its version is unloaded; copies left by processes that are gone are deleted at start.
/// </summary>
internal sealed class PluginShadowCopies
{
    private readonly string _root;
    // Process-wide: every load gets a path never used before in this process. The runtime caches an assembly image
    // by path, so loading a new version from a reused path could hand back the old one.
    private static int _next;

    public PluginShadowCopies()
    {
        var parent = Path.Combine(Path.GetTempPath(), "torghut-plugins");
        _root = Path.Combine(parent, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        DeleteStale(parent);
    }

    /// <summary>Copies <paramref name="folder"/> (recursively) and returns the copy's path.</summary>
    public string Copy(string folder)
    {
        var target = Path.Combine(_root, $"{Path.GetFileName(folder)}.{Interlocked.Increment(ref _next)}");
        Directory.CreateDirectory(target);
        foreach (var dir in Directory.EnumerateDirectories(folder, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(folder, dir)));
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(folder, file)), overwrite: true);
        return target;
    }

    public static void TryDelete(string? copy)
    {
        if (copy is null) return;
        try { Directory.Delete(copy, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static void DeleteStale(string parent)
    {
        if (!Directory.Exists(parent)) return;
        foreach (var dir in Directory.GetDirectories(parent))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try { using var _ = Process.GetProcessById(pid); }
            catch (ArgumentException) { TryDelete(dir); } // no such process
        }
    }
}
