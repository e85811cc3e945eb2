using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Torghut.Host.Composition;
using Torghut.Host.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Plugins;

/// <summary>
/// Hot drop-in for `run`: watches the plugins directory (FileSystemWatcher, recursive) and rescans the catalog once
/// changes have been quiet for TORGHUT_PLUGINS_DEBOUNCE_MS (500), so a folder being copied is loaded once, whole.
/// A periodic rescan every TORGHUT_PLUGINS_RESCAN_MS (5000; 0 turns it off) is the backstop for what watchers miss
/// (network file systems, ConfigMap symlink swaps, an inotify limit, a directory created after start).
/// </summary>
public sealed class PluginWatcher(IPluginCatalog catalog, PluginsOptions options, ILogger<PluginWatcher> logger)
    : BackgroundService, IHostComponent
{
    private readonly SemaphoreSlim _signal = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var debounce = options.Debounce;
        var rescanEvery = options.Rescan;
        var rescan = rescanEvery > TimeSpan.Zero ? rescanEvery : Timeout.InfiniteTimeSpan;
        _ = catalog.Plugins; // the initial load, before any rescan
        FileSystemWatcher? watcher = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                watcher ??= TryWatch();
                var signalled = await _signal.WaitAsync(rescan, stoppingToken);
                if (signalled)
                    // Debounce: rescan once nothing has changed for the whole interval.
                    while (await _signal.WaitAsync(debounce, stoppingToken)) { }
                try
                {
                    var report = catalog.Rescan();
                    // A folder still being written is looked at again after it settles, even if no event follows.
                    if (report.Pending.Count > 0) _ = ReleaseLaterAsync(debounce, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "plugins rescan failed; retrying on the next change");
                }
            }
        }
        catch (OperationCanceledException) { }
        finally
        {
            watcher?.Dispose();
        }
    }

    private FileSystemWatcher? TryWatch()
    {
        if (!Directory.Exists(catalog.Directory)) return null;
        try
        {
            var watcher = new FileSystemWatcher(catalog.Directory)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            FileSystemEventHandler changed = (_, _) => _signal.Release();
            watcher.Created += changed;
            watcher.Changed += changed;
            watcher.Deleted += changed;
            watcher.Renamed += (_, _) => _signal.Release();
            watcher.Error += (_, e) =>
            {
                logger.LogWarning("plugins directory watcher: {Error}; the periodic rescan still applies", e.GetException().Message);
                _signal.Release();
            };
            watcher.EnableRaisingEvents = true;
            logger.LogInformation("watching {Directory} for plugin folders added, replaced or removed", catalog.Directory);
            return watcher;
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            logger.LogWarning("cannot watch {Directory} ({Error}); relying on the periodic rescan", catalog.Directory, e.Message);
            return null;
        }
    }

    private async Task ReleaseLaterAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, stoppingToken);
            _signal.Release();
        }
        catch (OperationCanceledException) { }
    }
}
