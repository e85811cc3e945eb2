using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Torghut.Abstractions;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;

namespace Torghut.Host.Plugins;

/// <summary>
/// Loads every plugin folder under the plugins directory (default: <c>plugins/</c> next to the host binary;
/// TORGHUT_PLUGINS_DIR overrides). Each plugin gets its own load context with Torghut.Abstractions shared, so a
/// plugin's private dependencies never clash with the host's or another plugin's. A plugin that is missing its
/// assembly, targets another contract, fails to load or throws in its constructor is reported and skipped; the host
/// keeps running with the rest.
/// </summary>
public sealed class PluginCatalog : IPluginCatalog, IHostComponent, IDisposable
{
    private readonly ILogger<PluginCatalog> _logger;
    private readonly Lazy<IReadOnlyList<LoadedPlugin>> _plugins;

    public PluginCatalog(IConfiguration configuration, ILogger<PluginCatalog> logger)
    {
        _logger = logger;
        var configured = configuration[ConfigKeys.PluginsDir];
        Directory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(AppContext.BaseDirectory, "plugins")
            : configured);
        _plugins = new Lazy<IReadOnlyList<LoadedPlugin>>(LoadAll, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Directory { get; }

    public IReadOnlyList<LoadedPlugin> Plugins => _plugins.Value;

    public LoadedPlugin? FindLoaded(string name) =>
        Plugins.FirstOrDefault(p => p.Status == PluginStatus.Loaded && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private IReadOnlyList<LoadedPlugin> LoadAll()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            _logger.LogWarning("plugins directory {Directory} does not exist; no venue plugins loaded", Directory);
            return [];
        }
        var result = new List<LoadedPlugin>();
        foreach (var folder in System.IO.Directory.GetDirectories(Directory).Order(StringComparer.Ordinal))
        {
            var plugin = LoadOne(folder);
            if (plugin.Status == PluginStatus.Loaded && result.Any(p => p.Status == PluginStatus.Loaded &&
                    string.Equals(p.Name, plugin.Name, StringComparison.OrdinalIgnoreCase)))
            {
                plugin.Loader?.Dispose();
                plugin = Failed(plugin.Name, plugin.Path, $"another plugin is already named '{plugin.Name}'");
            }
            if (plugin.Status == PluginStatus.Loaded)
                _logger.LogInformation("plugin {Name} {Version} loaded from {Path}", plugin.Name, plugin.Manifest!.Version, plugin.Path);
            else
                _logger.LogError("plugin {Name} at {Path} skipped: {Reason}", plugin.Name, plugin.Path, plugin.Error);
            result.Add(plugin);
        }
        return result;
    }

    private static LoadedPlugin LoadOne(string folder)
    {
        var folderName = Path.GetFileName(folder);
        // Convention shared with McMaster's loader: the plugin's main assembly is named after its folder.
        var assemblyPath = Path.Combine(folder, folderName + ".dll");
        if (!File.Exists(assemblyPath))
            return Failed(folderName, folder, $"no {folderName}.dll in the plugin folder (the main assembly must be named after its folder)");

        try
        {
            var referenced = AbstractionsReference.Read(assemblyPath);
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
            loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, isUnloadable: true,
                sharedTypes: [typeof(IVenuePlugin)]);
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
                Name = name, Path = assemblyPath, Status = PluginStatus.Loaded,
                Manifest = manifest, Instance = instance, Loader = loader,
            };
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } ie } ? ie : e;
            var what = e is TargetInvocationException ? "constructor threw" : "failed to load";
            return Fail(loader, folderName, assemblyPath, $"{what}: {inner.GetType().Name}: {inner.Message}");
        }
    }

    private static LoadedPlugin Fail(PluginLoader? loader, string name, string path, string reason)
    {
        loader?.Dispose();
        return Failed(name, path, reason);
    }

    private static LoadedPlugin Failed(string name, string path, string reason) =>
        new() { Name = name, Path = path, Status = PluginStatus.Failed, Error = reason };

    public void Dispose()
    {
        if (!_plugins.IsValueCreated) return;
        foreach (var p in _plugins.Value) p.Loader?.Dispose();
    }
}
