using System.Runtime.InteropServices;

namespace Torghut.Host.Plugins;

/// <summary>
/// Checks that a directory only this process's user can touch: a real directory (not a symlink), owned by the
/// effective user, with no group or other permission bits. Plugin copies are loaded from it, so anyone else able to
/// write there could swap a DLL between the copy and the load.
/// </summary>
internal static class PrivateDirectory
{
    public static void Verify(string path)
    {
        if (OperatingSystem.IsWindows()) return; // %TEMP% is per user there, with an ACL to match
        var info = new DirectoryInfo(path);
        if (!info.Exists || info.LinkTarget is not null) Refuse(path, "missing or a symbolic link");
        var mode = File.GetUnixFileMode(path);
        if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                     | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0)
            Refuse(path, $"mode {Convert.ToString((int)mode, 8)}, expected 700");
        if (OwnerOf(path) is not { } owner || owner != GetEuid()) Refuse(path, "not owned by this process's user");
    }

    private static void Refuse(string path, string why) =>
        throw new UnauthorizedAccessException($"plugin shadow-copy directory {path} is not private ({why}); nothing is loaded from it");

    /// <summary>st_uid from lstat(2); null where the struct layout is not known (then the check fails closed).</summary>
    private static uint? OwnerOf(string path)
    {
        // struct stat: x86_64 has st_dev, st_ino, st_nlink (8 bytes each), st_mode, st_uid; aarch64 has st_dev, st_ino
        // (8 each), st_mode, st_nlink (4 each), st_uid.
        int? offset = RuntimeInformation.ProcessArchitecture switch { Architecture.X64 => 28, Architecture.Arm64 => 24, _ => null };
        if (offset is null || !OperatingSystem.IsLinux()) return null;
        var buffer = new byte[256];
        return LStat(path, buffer) == 0 ? BitConverter.ToUInt32(buffer, offset.Value) : null;
    }

    // DllImport, not LibraryImport: the generated marshalling needs unsafe code enabled for the whole assembly.
    [DllImport("libc", EntryPoint = "lstat")]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();
}
