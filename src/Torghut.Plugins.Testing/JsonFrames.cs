using System.Text;
using System.Text.Json.Nodes;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing;

/// <summary>Derives test frames from a recorded JSON frame: elements, an unknown field added, one element corrupted.</summary>
internal static class JsonFrames
{
    public const string UnknownField = "zz_conformance_unknown";

    /// <summary>The frame's object elements (a single object is one element); null when it is not such JSON.</summary>
    public static List<JsonObject>? Elements(string frame)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(frame); }
        catch (System.Text.Json.JsonException) { return null; }
        return root switch
        {
            JsonObject o => [o],
            JsonArray a when a.All(e => e is JsonObject) => a.Cast<JsonObject>().ToList(),
            _ => null,
        };
    }

    public static byte[] ArrayOf(IEnumerable<JsonObject> elements) =>
        Encoding.UTF8.GetBytes(new JsonArray(elements.Select(e => (JsonNode)e.DeepClone()).ToArray()).ToJsonString());

    /// <summary>The element with unknown fields of several shapes before and after its own fields.</summary>
    public static JsonObject WithUnknownFields(JsonObject element)
    {
        var result = new JsonObject { [UnknownField] = new JsonObject { ["nested"] = new JsonArray(1, 2.5, "x", null, true) } };
        foreach (var (key, value) in element) result[key] = value?.DeepClone();
        result[UnknownField + "_tail"] = "ignored";
        result[UnknownField + "_num"] = 12345.678;
        return result;
    }

    /// <summary>
    /// The element with every number turned into the string <c>"corrupt"</c> and every timestamp into
    /// <c>"not-a-time"</c>: a value of the wrong type in the fields a record is built from. Null when the element
    /// has neither (a control message, say).
    /// </summary>
    public static JsonObject? Corrupted(JsonObject element)
    {
        var copy = (JsonObject)element.DeepClone();
        return Corrupt(copy) ? copy : null;
    }

    private static bool Corrupt(JsonNode node)
    {
        bool changed = false;
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToArray())
                {
                    if (o[key] is not { } child) continue;
                    if (Replacement(child) is { } r) { o[key] = r; changed = true; }
                    else changed |= Corrupt(child);
                }
                break;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    if (a[i] is not { } child) continue;
                    if (Replacement(child) is { } r) { a[i] = r; changed = true; }
                    else changed |= Corrupt(child);
                }
                break;
        }
        return changed;
    }

    private static JsonNode? Replacement(JsonNode value)
    {
        if (value is not JsonValue v) return null;
        if (v.GetValueKind() == System.Text.Json.JsonValueKind.Number) return JsonValue.Create("corrupt");
        if (v.TryGetValue<string>(out var s) && NanoTimestamp.TryParse(s.AsSpan(), out _)) return JsonValue.Create("not-a-time");
        return null;
    }
}
