using System.Text.RegularExpressions;
using System.Xml.Linq;
using Torghut.Host.Configuration;
using Torghut.Tests.Support;

namespace Torghut.Tests.Deploy;

/// <summary>
/// The Dockerfile read against the repository (no Docker engine here): what it copies exists and is not excluded by
/// .dockerignore, every project the host restores is copied before restore, every drop-in plugin of the host's build
/// is published into /app/plugins/&lt;Name&gt;, and the entrypoint is the host's assembly.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = Joined(File.ReadAllLines(Path.Combine(RepoPaths.Root, "Dockerfile")));
    private static string HostProject => Path.Combine(RepoPaths.Root, "src", "Torghut.Host", "Torghut.Host.csproj");

    [Fact]
    public void Copied_paths_exist_and_are_in_the_build_context()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepoPaths.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var sources = Lines.Where(l => l.StartsWith("COPY ") && !l.Contains("--from="))
            .SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1]).ToList();
        sources.Count.ShouldBeGreaterThan(5);
        foreach (var source in sources)
        {
            var full = Path.Combine(RepoPaths.Root, source.TrimEnd('/'));
            (File.Exists(full) || Directory.Exists(full)).ShouldBeTrue($"COPY {source}: not in the repository");
            ignored.Where(p => !p.StartsWith("**/") && source.StartsWith(p.TrimEnd('/'), StringComparison.Ordinal))
                .ShouldBeEmpty($"COPY {source} is excluded by .dockerignore");
        }
    }

    [Fact]
    public void Every_project_the_host_builds_is_copied_before_restore()
    {
        var restoreAt = Array.FindIndex(Lines, l => l.StartsWith("RUN dotnet restore"));
        restoreAt.ShouldBeGreaterThan(0);
        var copied = Lines[..restoreAt].Where(l => l.StartsWith("COPY ")).SelectMany(l => l.Split(' ')[1..^1]).ToHashSet();
        foreach (var project in ProjectClosure(HostProject))
            copied.ShouldContain(Path.GetRelativePath(RepoPaths.Root, project), "restore needs every referenced project file");
        foreach (var props in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" }) copied.ShouldContain(props);
    }

    [Fact]
    public void Every_drop_in_plugin_is_published_into_its_folder_under_the_hosts_plugins_dir()
    {
        var host = XDocument.Load(HostProject);
        var plugins = host.Descendants("PluginProject").Select(p => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(HostProject)!, p.Attribute("Include")!.Value))).ToList();
        plugins.Count.ShouldBeGreaterThan(0);
        var publishes = Publish().Matches(string.Join('\n', Lines)).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        publishes["src/Torghut.Host/Torghut.Host.csproj"].ShouldBe("/app");
        var pluginsDir = DeployTree.Render("crypto").ConfigMap("torghut-env").Str("data", ConfigKeys.PluginsDir)!;
        Env()[ConfigKeys.PluginsDir].ShouldBe(pluginsDir);
        foreach (var plugin in plugins)
        {
            // The catalog loads <dir>/<Name>/<Name>.dll: the folder is named after the plugin's assembly.
            var relative = Path.GetRelativePath(RepoPaths.Root, plugin);
            publishes.ShouldContainKey(relative, $"{relative} is a drop-in plugin of the host but the image does not publish it");
            publishes[relative].ShouldBe($"{pluginsDir}/{AssemblyName(plugin)}");
        }
        publishes.Count.ShouldBe(plugins.Count + 1);
    }

    [Fact]
    public void Entrypoint_runs_the_hosts_assembly_as_the_non_root_user_the_pods_run_as()
    {
        var entrypoint = Lines.Single(l => l.StartsWith("ENTRYPOINT"));
        entrypoint.ShouldBe($"ENTRYPOINT [\"dotnet\", \"/app/{AssemblyName(HostProject)}.dll\"]");
        var user = Lines.Last(l => l.StartsWith("USER ")).Split(' ')[1];
        int.Parse(user).ShouldBeGreaterThan(0);
        foreach (var lane in DeployTree.Lanes)
            foreach (var deployment in DeployTree.Render(lane).Deployments)
                deployment.Str("spec", "template", "spec", "securityContext", "runAsUser").ShouldBe(user);
        // The data directory the host writes is the one the image makes writable for that user.
        Lines.ShouldContain(l => l.StartsWith("RUN ") && l.Contains($"chown {user}:{user} {Env()["TORGHUT_DATA_DIR"]}"));
    }

    [Fact]
    public void Image_env_names_are_ones_the_host_reads()
    {
        Env().Keys.Where(k => !HostSettings.ReadByHost.Contains(k)).ShouldBeEmpty();
    }

    private static Dictionary<string, string> Env() =>
        Lines.Where(l => l.StartsWith("ENV ")).SelectMany(l => EnvPair().Matches(l[4..]))
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

    private static string AssemblyName(string project) =>
        XDocument.Load(project).Descendants("AssemblyName").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(project);

    private static HashSet<string> ProjectClosure(string project)
    {
        var result = new HashSet<string>();
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!result.Add(current)) continue;
            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value;
                if (include.StartsWith("@(")) continue; // the PluginProject items, listed separately
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include)));
            }
            foreach (var plugin in XDocument.Load(current).Descendants("PluginProject"))
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, plugin.Attribute("Include")!.Value)));
        }
        return result;
    }

    /// <summary>Dockerfile lines with backslash continuations joined.</summary>
    private static string[] Joined(string[] raw)
    {
        var result = new List<string>();
        var current = "";
        foreach (var line in raw)
        {
            if (line.TrimStart().StartsWith('#')) continue;
            current += (current.Length > 0 ? " " : "") + line.Trim().TrimEnd('\\').Trim();
            if (line.TrimEnd().EndsWith('\\')) continue;
            if (current.Length > 0) result.Add(current);
            current = "";
        }
        return result.ToArray();
    }

    [GeneratedRegex(@"dotnet publish (\S+\.csproj)\b[^&]*?-o (\S+)")]
    private static partial Regex Publish();

    [GeneratedRegex(@"([A-Z][A-Z0-9_]*)=(\S+)")]
    private static partial Regex EnvPair();
}
