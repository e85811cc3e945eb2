using McMaster.NETCore.Plugins;
using Torghut.Abstractions;

namespace Torghut.Host.Plugins;

public enum PluginStatus { Loaded, Failed }

/// <summary>One plugin folder and what became of it.</summary>
public sealed class LoadedPlugin
{
    public required string Name { get; init; }
    public required string Path { get; init; }
    public PluginStatus Status { get; init; }
    public string? Error { get; init; }
    public PluginManifest? Manifest { get; init; }
    public IVenuePlugin? Instance { get; init; }
    internal PluginLoader? Loader { get; init; }

    public bool Provides(PluginServices service) => Status == PluginStatus.Loaded && Manifest!.Services.HasFlag(service);
}
