using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Torghut.Host.Configuration;

namespace Torghut.Host.Web;

/// <summary>The one admin-token rule for every write endpoint (symbols, flags, plugin reload).</summary>
public static class AdminToken
{
    /// <summary>Shortest token accepted when the HTTP URL is reachable from other machines.</summary>
    public const int MinLengthOffLoopback = 24;

    /// <summary>Null when the request carries the configured token; otherwise the 401 (or 503 when writes are off).</summary>
    public static IResult? Unauthorized(HttpRequest request, WebOptions options)
    {
        var token = options.AdminToken;
        if (string.IsNullOrWhiteSpace(token))
            return Results.Json(new { error = "writes are disabled: set TORGHUT_ADMIN_TOKEN to enable them" }, statusCode: 503);
        return IsValid(request, token) ? null : Results.Json(new { error = "missing or wrong bearer token" }, statusCode: 401);
    }

    public static bool IsAuthenticated(HttpRequest request, WebOptions options) =>
        options.AdminToken is { } token && !string.IsNullOrWhiteSpace(token) && IsValid(request, token);

    // Fixed-size hashes compared in constant time: neither the time nor the length of the comparison depends on the
    // token's length or on how many leading bytes a guess got right.
    private static bool IsValid(HttpRequest request, string token)
    {
        var header = request.Headers.Authorization.ToString();
        var given = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim())));
    }

    /// <summary>Refuses to start with a short token on a non-loopback bind, where anyone on the network can guess.</summary>
    public static void Check(WebOptions options, string httpUrl)
    {
        var token = options.AdminToken?.Trim();
        if (string.IsNullOrEmpty(token) || token.Length >= MinLengthOffLoopback || IsLoopback(httpUrl)) return;
        throw new ConfigException($"{WebKeys.AdminToken} must be at least {MinLengthOffLoopback} characters when listening on {httpUrl} (not loopback)");
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(MetricsListener.Wildcards(url), UriKind.Absolute, out var uri)) return false;
        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
