namespace Torghut.Host.Configuration.Settings.Catalogue;

/// <summary>Where plugins come from and how their folder is watched.</summary>
public static class PluginsCatalogue
{
    public static readonly TextSetting Directory = new(ConfigKeys.PluginsDir, null,
        "Where plugin folders are loaded from (one folder per plugin; folders starting with `.` are ignored).")
    { DefaultText = "`plugins/` next to the host binary" };
    public static readonly MillisecondsSetting Debounce = new(ConfigKeys.PluginsDebounceMs, 500,
        "A change in the plugins directory is acted on once the folder has been quiet this long.", max: int.MaxValue);
    public static readonly MillisecondsSetting Rescan = new(ConfigKeys.PluginsRescanMs, 5_000,
        "Backstop rescan of the plugins directory for what the watcher misses; `0` turns it off.", max: int.MaxValue);
}
