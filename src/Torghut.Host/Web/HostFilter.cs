using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Torghut.Host.Configuration.Settings.Catalogue;

namespace Torghut.Host.Web;

/// <summary>
/// Refuses requests whose Host names a host this process was not told it is (DNS rebinding: a page on evil.example
/// re-resolves its own name to 127.0.0.1 and reads the API with Host: evil.example). Allowed: <c>localhost</c>, any IP
/// literal (a rebinding page always sends its own name, and kubelet probes and Prometheus scrape by pod IP), and the
/// names in TORGHUT_ALLOWED_HOSTS (exact, or <c>*.suffix</c>; <c>*</c> turns the check off).
/// </summary>
public sealed class HostFilter
{
    private readonly HashSet<string> _exact = new(StringComparer.OrdinalIgnoreCase) { "localhost" };
    private readonly List<string> _suffixes = [];
    private readonly bool _any;

    public HostFilter(string? allowedHosts)
    {
        foreach (var entry in (allowedHosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (entry == "*") _any = true;
            else if (entry.StartsWith("*.", StringComparison.Ordinal)) _suffixes.Add(entry[1..]);
            else _exact.Add(entry);
        }
    }

    public bool Allows(HostString host)
    {
        if (_any) return true;
        if (!host.HasValue) return false;
        var name = host.Host.TrimEnd('.'); // "localhost." is the same name
        if (IPAddress.TryParse(name.Trim('[', ']'), out _)) return true;
        return _exact.Contains(name) || _suffixes.Exists(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
    }

    public static void Use(WebApplication app, WebOptions options)
    {
        var filter = new HostFilter(options.AllowedHosts);
        app.Use((ctx, next) => filter.Allows(ctx.Request.Host)
            ? next(ctx)
            : Results.Json(new { error = "host: not allowed (see TORGHUT_ALLOWED_HOSTS)", field = "host" }, statusCode: 400).ExecuteAsync(ctx));
    }
}
