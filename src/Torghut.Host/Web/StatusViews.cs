using Torghut.Host.Plugins;

namespace Torghut.Host.Web;

/// <summary>What `torghut plugins` and GET /api/plugins show for one plugin.</summary>
public sealed record PluginView(string Name, string? Version, string? Contract, string? Market, string? Venue,
    string? Services, string Path, string Status, string? Error)
{
    public static PluginView From(LoadedPlugin p) => new(p.Name, p.Manifest?.Version, p.Manifest?.ContractVersion,
        p.Manifest?.Market.ToString().ToLowerInvariant(), p.Manifest?.Venue, p.Manifest?.Services.ToString(), p.Path,
        p.Status.ToString().ToLowerInvariant(), p.Error);
}
