using Torghut.Host.Plugins;

namespace Torghut.Host.Web;

/// <summary>
/// What `torghut plugins` and GET /api/plugins show for one plugin. <c>ReplacementError</c>: a newer version dropped
/// into the folder was refused and this one keeps running. <c>Assemblies</c>: what the plugin's own load context
/// holds (its private dependencies, at their own versions).
/// </summary>
public sealed record PluginView(string Name, string? Version, string? Contract, string? Market, string? Venue,
    string? Services, string Path, string Status, string? Error, DateTimeOffset? LoadedAt, string? ReplacementError,
    IReadOnlyList<string> Assemblies)
{
    public static PluginView From(LoadedPlugin p) => new(p.Name, p.Manifest?.Version, p.Manifest?.ContractVersion,
        p.Manifest?.Market.ToString().ToLowerInvariant(), p.Manifest?.Venue, p.Manifest?.Services.ToString(), p.Path,
        p.Status.ToString().ToLowerInvariant(), p.Error, p.LoadedAt, p.ReplacementError, p.Assemblies);
}
