using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Torghut.Host.Flags;
using Torghut.Host.Lanes;
using Torghut.Host.Plugins;

namespace Torghut.Host.Web;

/// <summary>Read-only status API of a running host. Thin: each endpoint asks one module and formats.</summary>
public static class StatusEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/api/lanes", (ILaneSupervisor lanes) => Results.Json(lanes.States, JsonOutput.Options));
        app.MapGet("/api/flags", async (IFlagReader flags) =>
            Results.Json(new { flags = await flags.ReadAllAsync(), flagsFileError = flags.FlagsFileError }, JsonOutput.Options));
        app.MapGet("/api/plugins", (IPluginCatalog catalog) =>
            Results.Json(catalog.Plugins.Select(PluginView.From), JsonOutput.Options));
    }
}
