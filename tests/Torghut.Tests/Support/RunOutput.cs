using System.Text.Json;
using System.Text.RegularExpressions;

namespace Torghut.Tests.Support;

/// <summary>What a user reads off a running host: the token URL `run` printed, and a lane's subscribed trades.</summary>
public static partial class RunOutput
{
    /// <summary>The dashboard URL with the per-run token: groups <c>base</c> (ends in '/') and <c>token</c>.</summary>
    [GeneratedRegex(@"(?<base>http://\S+/)#token=(?<token>[A-Za-z0-9_-]+)")]
    public static partial Regex TokenUrl();

    public static async Task<Match> TokenUrlAsync(HostProcess host)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(TokenUrl().IsMatch(host.Output)), "dashboard URL with token printed", TimeSpan.FromSeconds(10));
        return TokenUrl().Match(host.Output);
    }

    /// <summary>The symbols the lane's session is subscribed to on its trades channel (GET /api/ingest).</summary>
    public static async Task<string?[]> SubscribedTradesAsync(HttpClient http, HostProcess host, string lane = "crypto") =>
        JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ingest")).RootElement.GetProperty(lane)
            .GetProperty("subscribed").GetProperty("trades").EnumerateArray().Select(s => s.GetString()).ToArray();
}
