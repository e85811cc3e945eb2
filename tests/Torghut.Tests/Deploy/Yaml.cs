using System.Text;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace Torghut.Tests.Deploy;

/// <summary>
/// Untyped YAML: maps are <c>Dictionary&lt;object, object?&gt;</c>, sequences <c>List&lt;object?&gt;</c>, scalars strings.
/// Kubernetes manifests are compared and navigated in that form, whoever rendered them.
/// </summary>
internal static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static List<Dictionary<object, object?>> ParseDocuments(string text)
    {
        var result = new List<Dictionary<object, object?>>();
        var parser = new Parser(new StringReader(text));
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            if (Deserializer.Deserialize<object?>(parser) is Dictionary<object, object?> doc) result.Add(doc);
        }
        return result;
    }

    public static Dictionary<object, object?> ParseMap(string text) =>
        ParseDocuments(text).SingleOrDefault() ?? throw new InvalidDataException("expected one YAML mapping");

    /// <summary>The value at a path of map keys (a numeric segment indexes a list); null when any step is missing.</summary>
    public static object? At(this object? node, params string[] path)
    {
        foreach (var key in path)
        {
            node = node switch
            {
                Dictionary<object, object?> map => map.TryGetValue(key, out var v) ? v : null,
                List<object?> list when int.TryParse(key, out var i) => i < list.Count ? list[i] : null,
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    public static string? Str(this object? node, params string[] path) => node.At(path) as string;

    public static IEnumerable<Dictionary<object, object?>> Items(this object? node, params string[] path) =>
        (node.At(path) as List<object?> ?? []).OfType<Dictionary<object, object?>>();

    public static Dictionary<object, object?> Map(this object? node, params string[] path) =>
        node.At(path) as Dictionary<object, object?> ?? new Dictionary<object, object?>();

    /// <summary>Deep copy, so a test can strip fields without touching the rendered set.</summary>
    public static object? Clone(object? node) => node switch
    {
        Dictionary<object, object?> map => map.ToDictionary(kv => kv.Key, kv => Clone(kv.Value)),
        List<object?> list => list.Select(Clone).ToList(),
        _ => node,
    };

    /// <summary>Canonical JSON (sorted keys): equal text means equal manifests, whatever the key order or renderer.</summary>
    public static string Canonical(object? node)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            Write(writer, node);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter writer, object? node)
    {
        switch (node)
        {
            case Dictionary<object, object?> map:
                writer.WriteStartObject();
                foreach (var (k, v) in map.OrderBy(kv => (string)kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName((string)k);
                    Write(writer, v);
                }
                writer.WriteEndObject();
                break;
            case List<object?> list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(node.ToString());
                break;
        }
    }
}
