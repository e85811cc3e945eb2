using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Torghut.Tests.Support;

/// <summary>The Alpaca simulator a `torghut run` without credentials starts in-process, reached through its admin API.</summary>
public static partial class EmbeddedSimulator
{
    /// <summary>The simulator's HTTP base URL, read from the host's startup line.</summary>
    public static string Url(HostProcess host) =>
        SimulatorLine().Match(host.Output).Groups[1].Value.Replace("ws://", "http://").TrimEnd('/');

    /// <summary>Adds a fault plan (plugins/Alpaca.Simulator/README.md, "Fault plan syntax").</summary>
    public static async Task FaultAsync(HostProcess host, string plan)
    {
        using var http = new HttpClient();
        var body = new StringContent(JsonSerializer.Serialize(new { plan }), Encoding.UTF8, "application/json");
        var response = await http.PostAsync($"{Url(host)}/admin/faults", body);
        response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex(@"built-in Alpaca simulator at (\S+)")]
    private static partial Regex SimulatorLine();
}
