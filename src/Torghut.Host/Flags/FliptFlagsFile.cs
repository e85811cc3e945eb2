using Torghut.Host.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Torghut.Host.Flags;

/// <summary>
/// Reads upstream's GitOps flags file: Flipt declarative YAML with a <c>namespace</c> and a <c>flags</c> list of
/// <c>{key, name, description, type: BOOLEAN_FLAG_TYPE, enabled}</c>. Other Flipt fields are ignored.
/// </summary>
public static class FliptFlagsFile
{
    public const string BooleanType = "BOOLEAN_FLAG_TYPE";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>Parses the file's text into flag key → enabled. Throws <see cref="ConfigException"/> naming the problem.</summary>
    public static IReadOnlyDictionary<string, bool> Parse(string yaml, string origin)
    {
        Document? doc;
        try
        {
            doc = Deserializer.Deserialize<Document?>(yaml);
        }
        catch (YamlException e)
        {
            throw new ConfigException($"{origin}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}");
        }
        if (doc?.Flags is null) throw new ConfigException($"{origin}: no 'flags' list (expected Flipt declarative format)");
        var result = new Dictionary<string, bool>(StringComparer.Ordinal);
        for (int i = 0; i < doc.Flags.Count; i++)
        {
            var flag = doc.Flags[i];
            if (flag is null || string.IsNullOrWhiteSpace(flag.Key))
                throw new ConfigException($"{origin}: flags[{i}] has no 'key'");
            var type = string.IsNullOrWhiteSpace(flag.Type) ? BooleanType : flag.Type.Trim();
            if (type != BooleanType) continue; // variant flags exist in the shared catalog; Torghut reads only booleans
            if (flag.Enabled is null)
                throw new ConfigException($"{origin}: flag '{flag.Key}' has no 'enabled' value");
            if (!result.TryAdd(flag.Key.Trim(), flag.Enabled.Value))
                throw new ConfigException($"{origin}: flag '{flag.Key}' is listed twice");
        }
        return result;
    }

    private sealed class Document
    {
        public string? Namespace { get; set; }
        public List<FlagEntry?>? Flags { get; set; }
    }

    private sealed class FlagEntry
    {
        public string? Key { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? Type { get; set; }
        public bool? Enabled { get; set; }
    }
}
