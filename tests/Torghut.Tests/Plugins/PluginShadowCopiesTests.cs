using Torghut.Host.Plugins;
using Torghut.Tests.Support;

namespace Torghut.Tests.Plugins;

/// <summary>Where plugin copies are loaded from: a directory no other local user can predict, enter or change.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PluginShadowCopiesTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempDir _source = new("torghut-shadow-source");
    private readonly List<PluginShadowCopies> _copies = [];

    public void Dispose()
    {
        foreach (var c in _copies) PluginShadowCopies.TryDelete(c.Root);
        _source.Dispose();
    }

    private PluginShadowCopies NewCopies()
    {
        var copies = new PluginShadowCopies();
        _copies.Add(copies);
        return copies;
    }

    private string PluginFolder(string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_source.Path, name)).FullName;
        File.WriteAllText(Path.Combine(folder, name + ".dll"), "not really an assembly");
        return folder;
    }

    [Fact]
    public void Copies_go_to_a_mode_0700_directory_with_a_random_name_of_this_process()
    {
        var (a, b) = (NewCopies(), NewCopies());
        var copy = a.Copy(PluginFolder("Sample.Private"));

        File.Exists(Path.Combine(copy, "Sample.Private.dll")).ShouldBeTrue();
        File.GetUnixFileMode(a.Root).ShouldBe(Private);
        Path.GetDirectoryName(copy).ShouldBe(a.Root);
        Path.GetFileName(a.Root).ShouldStartWith($"torghut-plugins-{Environment.ProcessId}-");
        // Same process, same moment: the names still differ, so nobody can create the directory ahead of us.
        b.Root.ShouldNotBe(a.Root);
        Path.GetFileName(a.Root).Length.ShouldBeGreaterThan($"torghut-plugins-{Environment.ProcessId}-".Length + 5);
    }

    [Fact]
    public void A_directory_opened_to_other_users_is_refused_and_the_plugin_fails_without_loading()
    {
        var copies = NewCopies();
        copies.Copy(PluginFolder("Sample.First"));
        File.SetUnixFileMode(copies.Root, Private | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var plugin = PluginFolderLoader.Load(PluginFolder("Sample.Second"), copies);
        plugin.Status.ShouldBe(PluginStatus.Failed);
        plugin.Error.ShouldContain("is not private (mode 723, expected 700)");
        Directory.GetDirectories(copies.Root).ShouldNotContain(d => Path.GetFileName(d).StartsWith("Sample.Second", StringComparison.Ordinal));
    }

    [Fact]
    public void A_directory_swapped_for_a_symbolic_link_is_refused()
    {
        var copies = NewCopies();
        copies.Copy(PluginFolder("Sample.First"));
        var elsewhere = Directory.CreateDirectory(Path.Combine(_source.Path, "attacker")).FullName;
        Directory.Move(copies.Root, copies.Root + ".moved");
        Directory.CreateSymbolicLink(copies.Root, elsewhere);
        try
        {
            Should.Throw<UnauthorizedAccessException>(() => copies.Copy(PluginFolder("Sample.Second"))).Message.ShouldContain("symbolic link");
            Directory.GetFileSystemEntries(elsewhere).ShouldBeEmpty();
        }
        finally
        {
            File.Delete(copies.Root);
            Directory.Move(copies.Root + ".moved", copies.Root);
        }
    }
}
