using System.Runtime.CompilerServices;

namespace Torghut.Tests.Support;

/// <summary>
/// The default data directory is the user's ($XDG_DATA_HOME/torghut): a test that forgets TORGHUT_DATA_DIR (an
/// in-process command, a host started by hand) must write to a throwaway directory, never a developer's real state.
/// Hosts started as processes inherit this too; HostProcess still gives each its own TORGHUT_DATA_DIR.
/// </summary>
internal static class TestDataHome
{
    public static readonly string Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "torghut-test-xdg-" + Environment.ProcessId);

    [ModuleInitializer]
    internal static void Isolate() => Environment.SetEnvironmentVariable("XDG_DATA_HOME", Path);
}
