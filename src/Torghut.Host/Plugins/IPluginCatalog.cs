namespace Torghut.Host.Plugins;

/// <summary>The plugins found in the plugins folder: loaded ones and, for operators, the failed ones with reasons.</summary>
public interface IPluginCatalog
{
    string Directory { get; }
    IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>The loaded plugin named <paramref name="name"/> (case-insensitive), or null.</summary>
    LoadedPlugin? FindLoaded(string name);
}
