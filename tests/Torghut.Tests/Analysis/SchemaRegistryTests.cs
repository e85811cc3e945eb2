using System.Text.Json;
using Torghut.Host.Analysis.Avro;
using Torghut.Tests.Support;

namespace Torghut.Tests.Analysis;

public sealed class SchemaRegistryTests
{
    [Fact]
    public async Task Registers_the_schema_under_the_topic_value_subject_and_returns_its_id()
    {
        await using var registry = await ScriptedHttpServer.StartAsync();
        registry.Respond(200, """{"id":42}""");
        var id = await new SchemaRegistryClient(new HttpClient(), new Uri(registry.Url + "/")).RegisterAsync("torghut.ta.signals.v1", TaAvroSchemas.SignalJson);
        id.ShouldBe(42);
        var (method, path, body) = registry.Received.Single();
        method.ShouldBe("POST");
        path.ShouldBe("/subjects/torghut.ta.signals.v1-value/versions");
        JsonDocument.Parse(JsonDocument.Parse(body).RootElement.GetProperty("schema").GetString()!).RootElement
            .GetProperty("name").GetString().ShouldBe("TaSignal");
    }

    [Fact]
    public async Task A_refusal_is_an_error_naming_the_subject()
    {
        await using var registry = await ScriptedHttpServer.StartAsync();
        registry.Respond(409, """{"error_code":409,"message":"incompatible"}""");
        var e = await Should.ThrowAsync<InvalidOperationException>(() =>
            new SchemaRegistryClient(new HttpClient(), new Uri(registry.Url + "/")).RegisterAsync("torghut.ta.bars.1s.v1", TaAvroSchemas.Bar1sJson));
        e.Message.ShouldContain("torghut.ta.bars.1s.v1-value");
        e.Message.ShouldContain("409");
    }

    [Fact]
    public async Task A_ta_worker_with_a_registry_registers_its_three_subjects_at_start()
    {
        await using var registry = await ScriptedHttpServer.StartAsync();
        registry.Respond(200, """{"id":7}""");
        await using var host = await HostProcess.StartAsync("run --role ta", new Dictionary<string, string> { ["TA_SCHEMA_REGISTRY_URL"] = registry.Url });
        await Eventually.HoldsAsync(() => registry.Received.Count >= 3, "three subjects registered");
        registry.Received.Select(r => r.Path).Order().ShouldBe([
            "/subjects/torghut.ta.bars.1s.v1-value/versions", "/subjects/torghut.ta.signals.v1-value/versions",
            "/subjects/torghut.ta.status.v1-value/versions"]);
        using var http = new HttpClient();
        await Eventually.HoldsAsync(async () =>
            JsonDocument.Parse(await http.GetStringAsync($"{host.BaseUrl}/api/ta")).RootElement.GetProperty("running").GetBoolean(), "worker running");
    }
}
