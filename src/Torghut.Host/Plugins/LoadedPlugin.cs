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

    /// <summary>
    /// Increases with every successful load in this process (across all plugins): a lane compares it to know that the
    /// plugin under it was replaced by a new version and must be restarted on it.
    /// </summary>
    public long LoadId { get; init; }

    public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>
    /// Why the folder's newer content could not be loaded. Set on the version that keeps running when a replacement
    /// is broken; null otherwise.
    /// </summary>
    public string? ReplacementError { get; internal set; }

    internal PluginLoader? Loader { get; init; }

    /// <summary>The folder the plugin was loaded from: a private copy, so the original can be replaced while it runs.</summary>
    internal string? LoadedFrom { get; init; }

    public bool Provides(PluginServices service) => Status == PluginStatus.Loaded && Manifest!.Services.HasFlag(service);

    /// <summary>Assemblies loaded in the plugin's own load context ("name version"), e.g. its private dependencies.</summary>
    public IReadOnlyList<string> Assemblies
    {
        get
        {
            if (Status != PluginStatus.Loaded || Loader is null) return [];
            try
            {
                return Loader.LoadContext.Assemblies.Select(a => a.GetName()).Select(n => $"{n.Name} {n.Version}")
                    .Order(StringComparer.Ordinal).ToList();
            }
            catch (InvalidOperationException) { return []; } // context unloading
        }
    }

    private readonly object _leaseGate = new();
    private int _leases;
    private bool _retired;

    /// <summary>
    /// Holds this version loaded while a lane runs on it. A version replaced or removed from disk is unloaded when
    /// its last lease is released, so a lane never loses a lazily loaded dependency under its feet.
    /// </summary>
    public IDisposable Lease()
    {
        lock (_leaseGate) _leases++;
        return new PluginLease(this);
    }

    /// <summary>Marks this version as no longer in the catalog; unloads it now if no lane holds it.</summary>
    internal void Retire()
    {
        lock (_leaseGate)
        {
            _retired = true;
            if (_leases > 0) return;
        }
        PluginFolderLoader.Unload(this);
    }

    private void Release()
    {
        lock (_leaseGate)
        {
            if (--_leases > 0 || !_retired) return;
        }
        PluginFolderLoader.Unload(this);
    }

    private sealed class PluginLease(LoadedPlugin plugin) : IDisposable
    {
        private int _disposed;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) plugin.Release();
        }
    }
}
