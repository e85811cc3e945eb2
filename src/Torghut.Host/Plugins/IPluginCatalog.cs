using Microsoft.Extensions.Primitives;

namespace Torghut.Host.Plugins;

/// <summary>The plugins found in the plugins folder: loaded ones and, for operators, the failed ones with reasons.</summary>
public interface IPluginCatalog
{
    string Directory { get; }
    IReadOnlyList<LoadedPlugin> Plugins { get; }

    /// <summary>The loaded plugin named <paramref name="name"/> (case-insensitive), or null.</summary>
    LoadedPlugin? FindLoaded(string name);

    /// <summary>
    /// Looks at the plugins folder again: loads added folders, loads a changed folder's new version (swapping it in
    /// only if it loads; otherwise the running version stays and carries the error), drops removed ones.
    /// </summary>
    PluginRescanReport Rescan();

    /// <summary>Fires after a rescan changed the catalog.</summary>
    IChangeToken GetChangeToken();
}

/// <summary>What a rescan did. <see cref="Pending"/> are folders still being written (retried after they settle).</summary>
public sealed record PluginRescanReport(IReadOnlyList<PluginChange> Changes, IReadOnlyList<string> Pending);

/// <summary>One change: <c>added</c>, <c>replaced</c>, <c>removed</c>, <c>failed</c> or <c>replacement_refused</c>.</summary>
public sealed record PluginChange(string Name, string Change, string? Version, string? Error);
