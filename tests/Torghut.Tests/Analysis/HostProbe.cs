using System.Globalization;
using System.Text.Json;
using Torghut.Tests.Support;

namespace Torghut.Tests.Analysis;

/// <summary>What an operator or a probe reads from a running host: /readyz, /metrics, /api/ta.</summary>
internal static class HostProbe
{
    public static async Task<(int Status, JsonElement Body)> ReadyzAsync(HttpClient http, HostProcess host)
    {
        using var response = await http.GetAsync($"{host.BaseUrl}/readyz");
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>Microbars the TA worker's store acknowledged; 0 while no worker runs.</summary>
    public static async Task<long> MicrobarsWrittenAsync(HttpClient http, HostProcess host)
    {
        var ta = JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ta")).RootElement;
        return ta.GetProperty("running").GetBoolean() ? ta.GetProperty("microbarsWritten").GetInt64() : 0;
    }

    /// <summary>An unlabelled sample from /metrics (fails if it is not exported).</summary>
    public static async Task<double> MetricAsync(HttpClient http, HostProcess host, string name)
    {
        var line = (await http.GetStringAsync($"{host.BaseUrl}/metrics")).Split('\n').SingleOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        line.ShouldNotBeNull($"{name} is exported");
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>Lines of <paramref name="log"/> containing <paramref name="what"/>.</summary>
    public static int Lines(string log, string what) => log.Split('\n').Count(line => line.Contains(what, StringComparison.Ordinal));

    /// <summary>A test setting in seconds from the environment (e.g. an outage length CI may shorten).</summary>
    public static int Seconds(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var s) && s > 0 ? s : fallback;
}
