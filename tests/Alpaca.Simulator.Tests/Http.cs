using System.Net;
using System.Text.Json;

namespace Alpaca.Simulator.Tests;

internal static class Http
{
    public static HttpClient Client(AlpacaSimulatorServer sim, bool auth = true)
    {
        var http = new HttpClient { BaseAddress = sim.RestBaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (auth)
        {
            http.DefaultRequestHeaders.Add("APCA-API-KEY-ID", "key");
            http.DefaultRequestHeaders.Add("APCA-API-SECRET-KEY", "secret");
        }
        return http;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return (response.StatusCode, doc.RootElement.Clone(), response);
    }

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>All pages of a multi-symbol request (<paramref name="key"/>: bars, trades or quotes), merged per symbol.</summary>
    public static async Task<Dictionary<string, List<JsonElement>>> AllPagesAsync(HttpClient http, string url, string key = "bars")
    {
        var all = new Dictionary<string, List<JsonElement>>();
        string? token = null;
        var pages = 0;
        do
        {
            var (status, body, _) = await GetAsync(http, token is null ? url : url + "&page_token=" + Uri.EscapeDataString(token));
            status.ShouldBe(HttpStatusCode.OK, body.GetRawText());
            foreach (var p in body.GetProperty(key).EnumerateObject())
            {
                if (!all.TryGetValue(p.Name, out var list)) all[p.Name] = list = [];
                list.AddRange(p.Value.EnumerateArray());
            }
            token = body.GetProperty("next_page_token").ValueKind == JsonValueKind.Null ? null : body.GetProperty("next_page_token").GetString();
            (++pages).ShouldBeLessThan(10_000);
        } while (token is not null);
        return all;
    }
}
