using System.Text.Json.Nodes;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Replay.Venue.Recording;

/// <summary>How the recording is replayed (replay.yaml, read with the plugin's own YamlDotNet).</summary>
public sealed class ReplayOptions
{
    /// <summary>Elements per websocket frame.</summary>
    public int ElementsPerFrame { get; set; } = 1;

    /// <summary>Pause between frames.</summary>
    public int MillisecondsBetweenFrames { get; set; }
}

/// <summary>The recorded JSONL session shipped with the plugin: one venue element per line.</summary>
public static class ReplayRecording
{
    /// <summary>The recorded elements, in order.</summary>
    public static IReadOnlyList<JsonObject> Elements { get; } = Resource("recording.jsonl")
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => (JsonObject)JsonNode.Parse(line)!)
        .ToArray();

    /// <summary>The replay options.</summary>
    public static ReplayOptions Options { get; } = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build()
        .Deserialize<ReplayOptions>(Resource("replay.yaml"));

    /// <summary>The version of YamlDotNet this plugin loaded (its own, whatever the host carries).</summary>
    public static Version? YamlVersion => typeof(DeserializerBuilder).Assembly.GetName().Version;

    private static string Resource(string name)
    {
        using var stream = typeof(ReplayRecording).Assembly.GetManifestResourceStream("Replay.Venue." + name)
                           ?? throw new InvalidOperationException($"resource {name} is missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
