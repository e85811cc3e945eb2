using McMaster.NETCore.Plugins;
using Torghut.Abstractions;

namespace Torghut.Plugins.Testing.Tests.Support;

/// <summary>Loads a plugin folder like the host's catalog: its own load context, only the contract shared.</summary>
internal static class IsolatedPlugin
{
    public static (IVenuePlugin Plugin, PluginLoader Loader) Load(string pluginsDir, string name)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(Path.Combine(pluginsDir, name, name + ".dll"),
            sharedTypes: [typeof(IVenuePlugin)], config => config.PreferSharedTypes = true);
        var type = loader.LoadDefaultAssembly().GetTypes()
            .Single(t => typeof(IVenuePlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsPublic: true });
        return ((IVenuePlugin)Activator.CreateInstance(type)!, loader);
    }
}
