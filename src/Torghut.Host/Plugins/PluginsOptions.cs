using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Plugins;

/// <summary>
/// Where plugins live and how their folder is watched, read once by the composition root
/// (docs/adr/0070-options-records.md). <see cref="Directory"/> is absolute: the catalogue's setting, else
/// <c>plugins/</c> next to the host binary.
/// </summary>
public sealed record PluginsOptions(string Directory, TimeSpan Debounce, TimeSpan Rescan)
{
    /// <summary>Called by the composition root only (and by tests that load plugins from a folder).</summary>
    public static PluginsOptions From(IConfiguration configuration)
    {
        var configured = PluginsCatalogue.Directory.Read(configuration);
        return new(Path.GetFullPath(string.IsNullOrWhiteSpace(configured)
                ? Path.Combine(AppContext.BaseDirectory, "plugins")
                : configured),
            PluginsCatalogue.Debounce.Read(configuration), PluginsCatalogue.Rescan.Read(configuration));
    }
}
