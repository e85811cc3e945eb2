using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Lanes;
using Torghut.Host.Plugins;

namespace Torghut.Host.Web;

/// <summary>
/// POST /api/plugins/reload: rescan the plugins folder now (the watcher does the same on its own after a change),
/// then bring the lanes in line, behind the admin token of the other write endpoints. Answers what changed, the
/// folders still being written, and the catalog afterwards.
/// </summary>
public static class PluginsEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/api/plugins/reload", async (HttpRequest request, WebOptions web, IPluginCatalog catalog,
            ILaneSupervisor lanes, CancellationToken ct) =>
        {
            if (AdminToken.Unauthorized(request, web) is { } denied) return denied;
            var report = catalog.Rescan();
            Audit.Record(request, $"plugins reload changes={report.Changes.Count}");
            if (report.Changes.Count > 0) await lanes.ReconcileAsync(ct);
            return Results.Json(new { changes = report.Changes, pending = report.Pending, plugins = catalog.Plugins.Select(PluginView.From) },
                JsonOutput.Options);
        });
    }
}
