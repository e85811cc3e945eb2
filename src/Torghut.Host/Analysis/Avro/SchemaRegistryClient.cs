using System.Net.Http.Json;
using System.Text.Json;

namespace Torghut.Host.Analysis.Avro;

/// <summary>
/// Registers the TA schemas with a Confluent-compatible registry (Karapace in upstream's cluster) under TopicNameStrategy
/// subjects <c>&lt;topic&gt;-value</c>, as upstream's serializer did with auto.register.schemas=true, and returns the ids
/// to frame records with. Registering an identical schema again returns the existing id, so this is safe at every start.
/// </summary>
public sealed class SchemaRegistryClient(HttpClient http, Uri registry)
{
    public async Task<int> RegisterAsync(string topic, string schemaJson, CancellationToken cancellationToken = default)
    {
        var subject = Uri.EscapeDataString(topic + "-value");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(registry, $"subjects/{subject}/versions"))
        {
            Content = JsonContent.Create(new { schema = schemaJson }),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.schemaregistry.v1+json");
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"schema registry {registry.GetLeftPart(UriPartial.Authority)} refused subject {topic}-value: HTTP {(int)response.StatusCode} {Truncate(body)}");
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.GetProperty("id").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidOperationException($"schema registry answered without an id for {topic}-value: {Truncate(body)}", e);
        }
    }

    private static string Truncate(string s) => s.Length > 200 ? s[..200] : s;
}
