using System.Reflection;
using McMaster.NETCore.Plugins;
using Torghut.Abstractions;

namespace Torghut.Host.Plugins;

/// <summary>
/// Loads one plugin folder (from a private copy) into its own collectible load context with Torghut.Abstractions
/// shared, and checks it: main assembly named after the folder, compiled against this contract major, exactly one
/// entry class whose constructor and manifest do not throw. Anything else becomes a Failed entry with the reason.
/// </summary>
internal static class PluginFolderLoader
{
    private static long _loads;

    public static LoadedPlugin Load(string folder, PluginShadowCopies copies)
    {
        var folderName = Path.GetFileName(folder);
        // Convention shared with McMaster's loader: the plugin's main assembly is named after its folder.
        var assemblyPath = Path.Combine(folder, folderName + ".dll");
        if (!File.Exists(assemblyPath))
            return Failed(folderName, folder, $"no {folderName}.dll in the plugin folder (the main assembly must be named after its folder)");

        string copy;
        try { copy = copies.Copy(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed(folderName, assemblyPath, $"cannot copy the plugin folder: {e.Message}");
        }
        var result = LoadCopy(folderName, assemblyPath, Path.Combine(copy, folderName + ".dll"));
        if (result.Status == PluginStatus.Failed) PluginShadowCopies.TryDelete(copy);
        return result;
    }

    private static LoadedPlugin LoadCopy(string folderName, string assemblyPath, string copiedAssembly)
    {
        try
        {
            var referenced = AbstractionsReference.Read(copiedAssembly);
            if (referenced is null)
                return Failed(folderName, assemblyPath, $"does not reference {AbstractionsReference.AssemblyName}; not a Torghut plugin");
            if (referenced.Major != ContractVersion.Major)
                return Failed(folderName, assemblyPath,
                    $"built against contract {referenced.Major}.x ({AbstractionsReference.AssemblyName} {referenced}); host contract is {ContractVersion.Text}");
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            return Failed(folderName, assemblyPath, $"unreadable assembly: {e.Message}");
        }

        PluginLoader? loader = null;
        try
        {
            // Collectible: a replaced version's context is unloaded once its lanes let go of it. McMaster's own
            // EnableHotReload is not used: it reloads in place, so a broken replacement would take down the running
            // version; here the new version is loaded beside the old one and swapped only if it loads.
            loader = PluginLoader.CreateFromAssemblyFile(copiedAssembly, isUnloadable: true, sharedTypes: [typeof(IVenuePlugin)]);
            var entryTypes = loader.LoadDefaultAssembly().GetExportedTypes()
                .Where(t => typeof(IVenuePlugin).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
                .ToList();
            if (entryTypes.Count != 1)
                return Fail(loader, folderName, assemblyPath, entryTypes.Count == 0
                    ? $"no public class implements {nameof(IVenuePlugin)}"
                    : $"more than one class implements {nameof(IVenuePlugin)}: {string.Join(", ", entryTypes.Select(t => t.FullName))}");
            if (entryTypes[0].GetConstructor(Type.EmptyTypes) is null)
                return Fail(loader, folderName, assemblyPath, $"{entryTypes[0].FullName} has no public parameterless constructor");

            var instance = (IVenuePlugin)Activator.CreateInstance(entryTypes[0])!;
            var manifest = instance.Manifest ?? throw new InvalidOperationException("Manifest is null");
            var name = string.IsNullOrWhiteSpace(manifest.Name) ? folderName : manifest.Name;
            if (!ContractVersion.IsCompatible(manifest.ContractVersion, out var reason))
                return Fail(loader, name, assemblyPath, reason!);
            if (manifest.Services.HasFlag(PluginServices.SymbolCodec) && instance.SymbolCodec is null)
                return Fail(loader, name, assemblyPath, "declares a symbol codec but SymbolCodec is null");
            return new LoadedPlugin
            {
                Name = name, Path = assemblyPath, Status = PluginStatus.Loaded, Manifest = manifest, Instance = instance,
                Loader = loader, LoadedFrom = Path.GetDirectoryName(copiedAssembly), LoadId = Interlocked.Increment(ref _loads),
                LoadedAt = DateTimeOffset.UtcNow,
            };
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } ie } ? ie : e;
            var what = e is TargetInvocationException ? "constructor threw" : "failed to load";
            return Fail(loader, folderName, assemblyPath, $"{what}: {inner.GetType().Name}: {inner.Message}");
        }
    }

    /// <summary>Unloads a plugin's context (collected once nothing references its types) and deletes its copy.</summary>
    public static void Unload(LoadedPlugin plugin)
    {
        plugin.Loader?.Dispose();
        // The copy stays until the process ends if the runtime still maps a file from it.
        if (plugin.LoadedFrom is { } copy) PluginShadowCopies.TryDelete(copy);
    }

    private static LoadedPlugin Fail(PluginLoader? loader, string name, string path, string reason)
    {
        loader?.Dispose();
        return Failed(name, path, reason);
    }

    public static LoadedPlugin Failed(string name, string path, string reason) =>
        new() { Name = name, Path = path, Status = PluginStatus.Failed, Error = reason };
}
