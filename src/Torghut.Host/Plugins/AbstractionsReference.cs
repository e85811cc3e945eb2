using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Torghut.Host.Plugins;

/// <summary>
/// Reads which Torghut.Abstractions version a plugin assembly was compiled against, from metadata only, so a plugin
/// for another contract major is refused before any of its code runs.
/// </summary>
internal static class AbstractionsReference
{
    public const string AssemblyName = "Torghut.Abstractions";

    public static Version? Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata) throw new BadImageFormatException($"{assemblyPath} is not a .NET assembly");
        var reader = pe.GetMetadataReader();
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            if (reader.GetString(reference.Name) == AssemblyName) return reference.Version;
        }
        return null;
    }
}
