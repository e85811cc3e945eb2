using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;

namespace Torghut.Host.Plugins;

/// <summary>
/// The plugins directory (TORGHUT_PLUGINS_DIR, default <c>plugins/</c> next to the host): each folder loaded in its
/// own load context with Torghut.Abstractions shared, a broken one reported and skipped so the host keeps running.
/// <see cref="Rescan"/> is hot drop-in; '.'-prefixed folders are staging. Lifecycle: docs/architecture.md,
/// docs/adr/0061-collectible-contexts-and-shadow-copies.md.
/// </summary>
public sealed class PluginCatalog : IPluginCatalog, IHostComponent, IDisposable
{
    private readonly ILogger<PluginCatalog> _logger;
    private readonly PluginShadowCopies _copies = new();
    private readonly object _scanGate = new();
    private readonly TimeSpan _settle;
    // By folder path: the fingerprint last acted on and the plugin that folder currently stands for.
    private readonly Dictionary<string, (string Fingerprint, LoadedPlugin Plugin)> _folders = new(StringComparer.Ordinal);
    private IReadOnlyList<LoadedPlugin>? _plugins;
    private CancellationTokenSource _changed = new();

    public PluginCatalog(PluginsOptions options, ILogger<PluginCatalog> logger)
    {
        _logger = logger;
        Directory = options.Directory;
        _settle = options.Debounce;
    }

    public string Directory { get; }

    public IReadOnlyList<LoadedPlugin> Plugins
    {
        get
        {
            if (Volatile.Read(ref _plugins) is { } plugins) return plugins;
            lock (_scanGate)
            {
                if (_plugins is null) Scan(initial: true);
                return _plugins!;
            }
        }
    }

    public LoadedPlugin? FindLoaded(string name) =>
        Plugins.FirstOrDefault(p => p.Status == PluginStatus.Loaded && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    public IChangeToken GetChangeToken()
    {
        lock (_scanGate) return new CancellationChangeToken(_changed.Token);
    }

    public PluginRescanReport Rescan()
    {
        lock (_scanGate)
        {
            var report = Scan(initial: _plugins is null);
            if (report.Changes.Count == 0) return report;
            var fire = _changed;
            _changed = new CancellationTokenSource();
            fire.Cancel();
            fire.Dispose();
            return report;
        }
    }

    private PluginRescanReport Scan(bool initial)
    {
        var changes = new List<PluginChange>();
        var pending = new List<string>();
        var result = new List<LoadedPlugin>();
        if (!System.IO.Directory.Exists(Directory))
        {
            if (initial) _logger.LogWarning("plugins directory {Directory} does not exist; no venue plugins loaded", Directory);
        }
        else
        {
            foreach (var folder in System.IO.Directory.GetDirectories(Directory).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(folder).StartsWith('.')) continue;
                var plugin = ScanFolder(folder, initial, changes, pending);
                if (plugin is not null) result.Add(plugin);
            }
        }
        foreach (var gone in _folders.Keys.Where(f => !System.IO.Directory.Exists(f) || Path.GetFileName(f).StartsWith('.')).ToList())
        {
            var plugin = _folders[gone].Plugin;
            _folders.Remove(gone);
            if (result.Contains(plugin)) continue;
            plugin.Retire();
            changes.Add(new PluginChange(plugin.Name, "removed", plugin.Manifest?.Version, null));
            _logger.LogWarning("plugin {Name} removed ({Path} is gone); its lanes stop", plugin.Name, gone);
        }
        _plugins = result;
        return new PluginRescanReport(changes, pending);
    }

    private LoadedPlugin? ScanFolder(string folder, bool initial, List<PluginChange> changes, List<string> pending)
    {
        string fingerprint;
        DateTime newest;
        try { (fingerprint, newest) = PluginFolderFingerprint.Read(folder); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Vanished or unreadable mid-scan: keep what it stood for; the next scan decides.
            pending.Add(Path.GetFileName(folder));
            return _folders.TryGetValue(folder, out var known) ? known.Plugin : null;
        }
        _folders.TryGetValue(folder, out var previous);
        if (previous.Plugin is not null && previous.Fingerprint == fingerprint) return previous.Plugin;
        // Still being written (a copy in progress): wait until it has been quiet for the debounce interval.
        if (!initial && DateTime.UtcNow - newest < _settle)
        {
            pending.Add(Path.GetFileName(folder));
            return previous.Plugin;
        }

        var loaded = PluginFolderLoader.Load(folder, _copies);
        if (loaded.Status == PluginStatus.Loaded && _folders.Any(kv => kv.Key != folder && kv.Value.Plugin.Status == PluginStatus.Loaded &&
                string.Equals(kv.Value.Plugin.Name, loaded.Name, StringComparison.OrdinalIgnoreCase)))
        {
            loaded.Retire();
            loaded = PluginFolderLoader.Failed(loaded.Name, loaded.Path, $"another plugin is already named '{loaded.Name}'");
        }

        if (loaded.Status == PluginStatus.Failed && previous.Plugin is { Status: PluginStatus.Loaded } running)
        {
            // A broken replacement: the running version stays, and says why the new one was refused.
            running.ReplacementError = $"new version in {folder} refused: {loaded.Error}";
            _folders[folder] = (fingerprint, running);
            changes.Add(new PluginChange(running.Name, "replacement_refused", running.Manifest!.Version, loaded.Error));
            _logger.LogError("plugin {Name}: new version refused, {Version} keeps running: {Reason}", running.Name, running.Manifest.Version, loaded.Error);
            return running;
        }

        _folders[folder] = (fingerprint, loaded);
        if (loaded.Status == PluginStatus.Loaded)
        {
            _logger.LogInformation("plugin {Name} {Version} loaded from {Path}", loaded.Name, loaded.Manifest!.Version, loaded.Path);
            if (previous.Plugin is not null)
            {
                previous.Plugin.Retire();
                changes.Add(new PluginChange(loaded.Name, "replaced", loaded.Manifest.Version, null));
                _logger.LogWarning("plugin {Name} replaced: {Old} -> {New}; its lanes restart on the new version",
                    loaded.Name, previous.Plugin.Manifest?.Version ?? "(failed)", loaded.Manifest.Version);
            }
            else changes.Add(new PluginChange(loaded.Name, "added", loaded.Manifest.Version, null));
        }
        else
        {
            _logger.LogError("plugin {Name} at {Path} skipped: {Reason}", loaded.Name, loaded.Path, loaded.Error);
            changes.Add(new PluginChange(loaded.Name, "failed", null, loaded.Error));
        }
        return loaded;
    }

    public void Dispose()
    {
        lock (_scanGate)
        {
            foreach (var (_, (_, plugin)) in _folders) plugin.Retire();
            _folders.Clear();
            _changed.Dispose();
        }
    }
}
