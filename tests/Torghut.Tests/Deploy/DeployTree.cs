using System.Diagnostics;
using Torghut.Tests.Support;

namespace Torghut.Tests.Deploy;

/// <summary>deploy/ in the repository: the overlays, rendered by kubectl kustomize when it exists, else in process.</summary>
internal static class DeployTree
{
    public static string Root => Path.Combine(RepoPaths.Root, "deploy");
    public static string Overlay(string lane) => Path.Combine(Root, "overlays", lane);
    public static IReadOnlyList<string> Lanes => Directory.GetDirectories(Path.Combine(Root, "overlays")).Select(Path.GetFileName).Order().ToList()!;

    public const string InProcess = "in-process";
    public const string Kubectl = "kubectl";

    /// <summary>The renderers on this machine: the in-process one always, `kubectl kustomize` where kubectl is installed.</summary>
    public static IReadOnlyList<string> Renderers { get; } = KubectlPath() is null ? [InProcess] : [InProcess, Kubectl];

    public static TheoryData<string, string> RenderersAndLanes()
    {
        var data = new TheoryData<string, string>();
        foreach (var r in Renderers) foreach (var lane in Lanes) data.Add(r, lane);
        return data;
    }

    public static TheoryData<string> LaneData()
    {
        var data = new TheoryData<string>();
        foreach (var lane in Lanes) data.Add(lane);
        return data;
    }

    private static readonly Dictionary<(string, string), Rendered> Cache = new();

    public static Rendered Render(string lane, string renderer = InProcess)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((renderer, lane), out var cached)) return cached;
            var docs = renderer == Kubectl ? RunKubectl(Overlay(lane)) : InProcessKustomize.Build(Overlay(lane));
            return Cache[(renderer, lane)] = new Rendered(lane, docs);
        }
    }

    private static List<Dictionary<object, object?>> RunKubectl(string directory)
    {
        var psi = new ProcessStartInfo(KubectlPath()!, ["kustomize", directory])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit(60_000).ShouldBeTrue("kubectl kustomize did not finish in 60 s");
        process.ExitCode.ShouldBe(0, $"kubectl kustomize {directory} failed: {stderr}");
        return Yaml.ParseDocuments(stdout.Result);
    }

    private static string? KubectlPath() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl")).FirstOrDefault(File.Exists);
}

/// <summary>One rendered overlay: every resource, with lookups by kind and name.</summary>
internal sealed class Rendered(string lane, List<Dictionary<object, object?>> resources)
{
    public string Lane { get; } = lane;
    public IReadOnlyList<Dictionary<object, object?>> Resources { get; } = resources;

    public IEnumerable<Dictionary<object, object?>> OfKind(string kind) => Resources.Where(r => r.Str("kind") == kind);

    public Dictionary<object, object?> Get(string kind, string name) =>
        OfKind(kind).SingleOrDefault(r => r.Str("metadata", "name") == name)
        ?? throw new KeyNotFoundException($"{Lane}: no {kind} {name}");

    /// <summary>A ConfigMap by its name before kustomize's hash suffix.</summary>
    public Dictionary<object, object?> ConfigMap(string baseName) =>
        OfKind("ConfigMap").Single(r => StripHash(r.Str("metadata", "name")!) == baseName);

    public string Namespace => Resources.Select(r => r.Str("metadata", "namespace")).Distinct().Single()!;

    public IEnumerable<Dictionary<object, object?>> Deployments => OfKind("Deployment");

    public static Dictionary<object, object?> Container(Dictionary<object, object?> deployment) =>
        deployment.Items("spec", "template", "spec", "containers").Single();

    /// <summary>Everything a container's process sees in its environment: envFrom ConfigMaps, then env entries.</summary>
    public IReadOnlyDictionary<string, EnvSource> Environment(Dictionary<object, object?> deployment)
    {
        var result = new Dictionary<string, EnvSource>();
        var container = Container(deployment);
        foreach (var from in container.Items("envFrom"))
        {
            var cm = Get("ConfigMap", from.Str("configMapRef", "name")!);
            foreach (var (k, v) in cm.Map("data")) result[(string)k] = new EnvSource(v as string, null);
        }
        foreach (var env in container.Items("env"))
            result[env.Str("name")!] = new EnvSource(env.Str("value"), env.At("valueFrom", "secretKeyRef") as Dictionary<object, object?>);
        return result;
    }

    public static string StripHash(string name)
    {
        var dash = name.LastIndexOf('-');
        return dash > 0 && name.Length - dash - 1 == 10 && name[(dash + 1)..].All(char.IsAsciiLetterOrDigit) ? name[..dash] : name;
    }
}

/// <summary>An env var as a manifest sets it: a literal (ConfigMap or value) or a Secret reference.</summary>
internal sealed record EnvSource(string? Value, Dictionary<object, object?>? SecretRef);
