using System.Text;

namespace Torghut.Host.Plugins;

/// <summary>
/// What a plugin folder holds, cheaply: every file's relative path, size and write time, and every directory's write
/// time (it changes when an entry is created, even when a copy preserves file times). Equal fingerprints mean the
/// folder was not touched, so a rescan only stats files.
/// </summary>
internal static class PluginFolderFingerprint
{
    public static (string Fingerprint, DateTime NewestWriteUtc) Read(string folder)
    {
        var text = new StringBuilder();
        var newest = Directory.GetLastWriteTimeUtc(folder);
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
                     .OrderBy(e => e.FullName, StringComparer.Ordinal))
        {
            var write = entry.LastWriteTimeUtc;
            if (write > newest) newest = write;
            text.Append(Path.GetRelativePath(folder, entry.FullName)).Append('|')
                .Append(entry is FileInfo f ? f.Length : -1).Append('|').Append(write.Ticks).Append('\n');
        }
        return (text.ToString(), newest);
    }
}
