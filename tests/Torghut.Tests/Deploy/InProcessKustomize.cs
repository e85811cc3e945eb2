using System.Security.Cryptography;
using System.Text;

namespace Torghut.Tests.Deploy;

/// <summary>
/// The subset of kustomize that deploy/ uses, for machines without kubectl: resources (files and directories),
/// namespace, configMapGenerator (literals, envs, files; behavior create/merge/replace; disableNameSuffixHash), images.
/// Generated ConfigMaps get kustomize's content hash suffix and every pod-spec reference follows the rename. Any other
/// kustomization field is an error, so a manifest change this renderer does not understand fails loudly instead of
/// being checked against a wrong rendering. Where kubectl exists the tests assert both renderings are identical.
/// </summary>
internal static class InProcessKustomize
{
    private static readonly HashSet<string> KnownFields = ["apiVersion", "kind", "resources", "namespace", "configMapGenerator", "images"];

    private sealed record Resource(Dictionary<object, object?> Body, bool HashName);

    public static List<Dictionary<object, object?>> Build(string directory)
    {
        var resources = Accumulate(directory);
        var renames = new Dictionary<string, string>();
        foreach (var r in resources.Where(r => r.HashName))
        {
            var meta = r.Body.Map("metadata");
            var name = (string)meta["name"]!;
            var hashed = name + "-" + ConfigMapHash(r.Body.Map("data"));
            renames[name] = hashed;
            meta["name"] = hashed;
        }
        foreach (var r in resources) RenameConfigMapReferences(r.Body, renames);
        return resources.Select(r => r.Body).ToList();
    }

    private static List<Resource> Accumulate(string directory)
    {
        var file = Path.Combine(directory, "kustomization.yaml");
        var k = Yaml.ParseMap(File.ReadAllText(file));
        var unknown = k.Keys.Cast<string>().Where(key => !KnownFields.Contains(key)).ToList();
        if (unknown.Count > 0)
            throw new NotSupportedException($"{file}: field(s) {string.Join(", ", unknown)} are not supported by the in-process renderer");

        var resources = new List<Resource>();
        foreach (var entry in (k.At("resources") as List<object?> ?? []).Cast<string>())
        {
            var path = Path.GetFullPath(Path.Combine(directory, entry));
            if (Directory.Exists(path)) resources.AddRange(Accumulate(path));
            else resources.AddRange(Yaml.ParseDocuments(File.ReadAllText(path)).Select(d => new Resource(d, false)));
        }
        foreach (var generator in k.Items("configMapGenerator")) Generate(directory, generator, resources);
        if (k.Str("namespace") is { } ns)
            foreach (var r in resources) r.Body.Map("metadata")["namespace"] = ns; // every kind used here is namespaced
        foreach (var image in k.Items("images")) SetImage(resources, image);
        return resources;
    }

    private static void Generate(string directory, Dictionary<object, object?> generator, List<Resource> resources)
    {
        var name = generator.Str("name") ?? throw new InvalidDataException("configMapGenerator entry without a name");
        var data = new Dictionary<object, object?>();
        foreach (var literal in (generator.At("literals") as List<object?> ?? []).Cast<string>())
            AddPair(data, literal, "literal");
        foreach (var envFile in (generator.At("envs") as List<object?> ?? []).Cast<string>())
            foreach (var line in File.ReadAllLines(Path.Combine(directory, envFile)))
            {
                var trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
                AddPair(data, line.TrimStart(), envFile);
            }
        foreach (var spec in (generator.At("files") as List<object?> ?? []).Cast<string>())
        {
            var eq = spec.IndexOf('=');
            var (key, path) = eq > 0 ? (spec[..eq], spec[(eq + 1)..]) : (Path.GetFileName(spec), spec);
            data[key] = File.ReadAllText(Path.Combine(directory, path));
        }
        var hash = generator.Str("options", "disableNameSuffixHash") != "true";
        var behavior = generator.Str("behavior") ?? "create";
        var existing = resources.FindIndex(r => r.Body.Str("kind") == "ConfigMap" && r.Body.Str("metadata", "name") == name);
        switch (behavior)
        {
            case "create":
                if (existing >= 0) throw new InvalidDataException($"ConfigMap {name} generated twice (use behavior merge/replace)");
                resources.Add(new Resource(new Dictionary<object, object?>
                {
                    ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
                    ["metadata"] = new Dictionary<object, object?> { ["name"] = name }, ["data"] = data,
                }, hash));
                break;
            case "merge" or "replace":
                if (existing < 0) throw new InvalidDataException($"ConfigMap {name}: nothing to {behavior}");
                var old = resources[existing];
                var merged = behavior == "merge" ? old.Body.Map("data") : new Dictionary<object, object?>();
                foreach (var (key, value) in data) merged[key] = value;
                old.Body["data"] = merged;
                resources[existing] = old with { HashName = old.HashName && hash };
                break;
            default:
                throw new NotSupportedException($"configMapGenerator behavior '{behavior}'");
        }
    }

    private static void AddPair(Dictionary<object, object?> data, string pair, string origin)
    {
        var eq = pair.IndexOf('=');
        if (eq <= 0) throw new InvalidDataException($"{origin}: '{pair}' is not KEY=VALUE");
        data[pair[..eq].Trim()] = pair[(eq + 1)..];
    }

    private static void SetImage(List<Resource> resources, Dictionary<object, object?> image)
    {
        var name = image.Str("name")!;
        foreach (var container in resources.SelectMany(r => PodSpecs(r.Body)).SelectMany(p => p.Items("containers").Concat(p.Items("initContainers"))))
        {
            var current = container.Str("image") ?? "";
            var bare = current.Split('@')[0];
            var colon = bare.LastIndexOf(':');
            if (colon > bare.LastIndexOf('/')) bare = bare[..colon];
            if (bare != name) continue;
            var updated = image.Str("newName") ?? bare;
            if (image.Str("digest") is { } digest) updated += "@" + digest;
            else if (image.Str("newTag") is { } tag) updated += ":" + tag;
            container["image"] = updated;
        }
    }

    private static IEnumerable<Dictionary<object, object?>> PodSpecs(Dictionary<object, object?> body) =>
        body.At("spec", "template", "spec") is Dictionary<object, object?> spec ? [spec] : [];

    private static void RenameConfigMapReferences(Dictionary<object, object?> body, Dictionary<string, string> renames)
    {
        void Rename(Dictionary<object, object?>? holder)
        {
            if (holder?.Str("name") is { } n && renames.TryGetValue(n, out var hashed)) holder["name"] = hashed;
        }
        foreach (var spec in PodSpecs(body))
        {
            foreach (var volume in spec.Items("volumes")) Rename(volume.At("configMap") as Dictionary<object, object?>);
            foreach (var container in spec.Items("containers").Concat(spec.Items("initContainers")))
            {
                foreach (var from in container.Items("envFrom")) Rename(from.At("configMapRef") as Dictionary<object, object?>);
                foreach (var env in container.Items("env")) Rename(env.At("valueFrom", "configMapKeyRef") as Dictionary<object, object?>);
            }
        }
    }

    /// <summary>
    /// kustomize's name suffix: sha256 of Go's json.Marshal of {"data":…, "kind":"ConfigMap", "name":""} (its lookup of
    /// "metadata/name" finds nothing, so the name is empty), first 10 hex digits with 0,1,3,a,e → g,h,k,m,t.
    /// </summary>
    public static string ConfigMapHash(Dictionary<object, object?> data)
    {
        var json = new StringBuilder("{\"data\":{");
        var first = true;
        foreach (var (key, value) in data.OrderBy(kv => (string)kv.Key, StringComparer.Ordinal))
        {
            if (!first) json.Append(',');
            first = false;
            GoQuote(json, (string)key);
            json.Append(':');
            GoQuote(json, value as string ?? "");
        }
        json.Append("},\"kind\":\"ConfigMap\",\"name\":\"\"}");
        var hex = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json.ToString())));
        return new string(hex[..10].Select(c => c switch { '0' => 'g', '1' => 'h', '3' => 'k', 'a' => 'm', 'e' => 't', _ => c }).ToArray());
    }

    /// <summary>A JSON string as Go's encoding/json writes it (HTML-safe: &lt; &gt; &amp; escaped).</summary>
    private static void GoQuote(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ': sb.Append($"\\u{(int)c:x4}"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
