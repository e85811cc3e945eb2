using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Torghut.Host.Web;

/// <summary>
/// Serves the dashboard (wwwroot/, embedded in the host assembly) at <c>/</c> and <c>/dashboard/*</c>. Embedded rather
/// than copied next to the binary so `dotnet run`, the test build and a published host all carry the same files,
/// with no front-end build step and no content-root lookup to get wrong.
/// </summary>
public static class DashboardEndpoints
{
    private const string Prefix = "Torghut.Dashboard/"; // LogicalName prefix set in Torghut.Host.csproj

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8", [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8", [".txt"] = "text/plain; charset=utf-8", [".md"] = "text/plain; charset=utf-8",
        [".svg"] = "image/svg+xml", [".png"] = "image/png",
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Serve("index.html"));
        app.MapGet("/dashboard/{**path}", (string path) => Serve(path));
    }

    private static IResult Serve(string path)
    {
        // Resource names are a fixed set; a path that is not one of them (including ../ tricks) is simply not found.
        var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream(Prefix + path.Replace('\\', '/'));
        if (stream is null) return Results.NotFound();
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(path), "application/octet-stream");
        return Results.Stream(stream, type);
    }

    /// <summary>Embedded dashboard files, for tests and diagnostics.</summary>
    public static IEnumerable<string> Files(Assembly assembly) =>
        assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Select(n => n[Prefix.Length..]);
}
