using System.Net;
using System.Security.Cryptography;

namespace Torghut.Host.Cli;

/// <summary>
/// The admin token on a laptop. With no TORGHUT_ADMIN_TOKEN and every listen URL on loopback, `run` makes one for this
/// run (as Jupyter does): only someone who can read this console can write, and the dashboard is usable at once. On any
/// other bind writes stay refused until a token is set: a generated token would be a secret nobody chose to expose.
/// </summary>
public static class LocalAdminToken
{
    public const string Key = "TORGHUT_ADMIN_TOKEN";

    public enum Outcome { Configured, Generated, WritesDisabled }

    /// <summary>A fresh token when the rule allows one (the caller registers it; never logged), else null.</summary>
    public static (Outcome Outcome, string? Token) Decide(string? configuredToken, IEnumerable<string> listenUrls)
    {
        if (!string.IsNullOrWhiteSpace(configuredToken)) return (Outcome.Configured, null);
        if (!listenUrls.All(IsLoopback)) return (Outcome.WritesDisabled, null);
        return (Outcome.Generated, Base64Url(RandomNumberGenerator.GetBytes(32)));
    }

    /// <summary>localhost or a loopback address; wildcards (*, +, 0.0.0.0, ::) and names are not.</summary>
    public static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var host = uri.Host.Trim('[', ']');
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ||
               (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
