namespace Torghut.Tests.Support;

/// <summary>Writes flags files in upstream's Flipt GitOps format.</summary>
public static class FlagsFile
{
    public static string Yaml(params (string Key, bool Enabled)[] flags) =>
        "namespace: default\nflags:\n" + string.Concat(flags.Select(f =>
            $"  - key: {f.Key}\n    name: {f.Key}\n    description: test flag\n    type: BOOLEAN_FLAG_TYPE\n    enabled: {(f.Enabled ? "true" : "false")}\n"));

    /// <summary>Replaces the file the way GitOps tools do: write aside, then rename over.</summary>
    public static void Replace(string path, string content)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, content);
        File.Move(temp, path, overwrite: true);
    }
}
