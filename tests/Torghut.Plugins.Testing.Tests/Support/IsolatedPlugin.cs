using McMaster.NETCore.Plugins;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing.Tests.Support;

/// <summary>Loads a plugin folder like the host's catalog: its own load context, only the contract shared.</summary>
internal static class IsolatedPlugin
{
    public static (IVenuePlugin Plugin, PluginLoader Loader) Load(string pluginsDir, string name)
    {
        // The same options as the host's PluginCatalog: only the contract is shared; everything else the plugin
        // carries (YamlDotNet 15 in Replay.Venue) resolves inside its own context.
        var loader = PluginLoader.CreateFromAssemblyFile(Path.Combine(pluginsDir, name, name + ".dll"),
            isUnloadable: true, sharedTypes: [typeof(IVenuePlugin)]);
        var type = loader.LoadDefaultAssembly().GetTypes()
            .Single(t => typeof(IVenuePlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsPublic: true });
        return ((IVenuePlugin)Activator.CreateInstance(type)!, loader);
    }
}
